import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CLINIC } from "../../src/demo/demo-clinic.js";
import type { RunningServer } from "../system/server-process.js";
import {
  type BrowserScene,
  browserAvailable,
  expectAccessible,
  newPage,
  screenshot,
  signIn,
  startBrowserScene,
  type TestBrowser,
} from "./browser.js";

/**
 * A new patient, in a real browser against the real server (`src/main.ts` on a fresh SQLite
 * file, with its demo clinic): signs up, answers the health questions with a retinoid still in
 * use, reads the plan's pause, books the first time offered (after the pause) and finds it on
 * the timeline. Every main page is checked with axe-core and photographed into test-results/.
 */
describe.skipIf(!browserAvailable())("a new patient books in the browser", { timeout: 120_000 }, () => {
  let scene: BrowserScene;
  let server: RunningServer;
  let chrome: TestBrowser;
  let page: Page;
  const zone = DEMO_CLINIC.timeZone;
  const email = `e2e-${Date.now()}@example.test`;

  beforeAll(async () => {
    scene = await startBrowserScene("journey");
    ({ server, chrome } = scene);
    ({ page } = await newPage(chrome.browser, { timezoneId: zone }));
  }, 180_000);

  afterAll(() => scene?.close());

  const go = (path: string) => page.goto(`${server.baseUrl}${path}`);

  it("shows the clinic and real free times before any sign-in", async () => {
    await go("/");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(DEMO_CLINIC.name);
    await page
      .getByRole("link", { name: /^Book Microneedling/ })
      .first()
      .waitFor();
    await expectAccessible(page, "home");
    await screenshot(page, "01-home");

    await go("/book?service=microneedling");
    await firstAvailableDay(page);
    await expectAccessible(page, "book (visitor)");
    await screenshot(page, "02-book-visitor");
  });

  it("signs up in two steps: the form, then the emailed link", async () => {
    await go("/signup");
    await page.getByLabel("Full name").fill("Ella Tester");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password" }).fill("correct horse battery staple");
    await expectAccessible(page, "sign up");
    await screenshot(page, "03-signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    // The link arrives by email: without SMTP the server writes it under its data folder.
    const token = await emailedSignupToken(server.dataDir, email);
    await go(`/signup/confirm?token=${encodeURIComponent(token)}`);
    await page.waitForURL(/\/intake$/);
  });

  it("answers the health questions with a retinoid still in use and sees the pause in the plan", async () => {
    await page.getByRole("checkbox", { name: "Fine lines" }).check();
    await expectAccessible(page, "intake");
    await screenshot(page, "04-intake");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("checkbox", { name: /retinoid cream or serum/ }).check();
    await expect.poll(() => page.getByRole("radio", { name: "Yes, still using it" }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Save and see my plan" }).click();

    await page.waitForURL(/\/plan$/);
    await page.getByText(/pause at least 7 days before a session/).waitFor();
    const firstDay = Temporal.Now.plainDateISO(zone).add({ days: 7 });
    const written = firstDay.toLocaleString("en-US", {
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
    });
    await page.getByText(written).first().waitFor();
    await expectAccessible(page, "plan");
    await screenshot(page, "05-plan");
  });

  it("books the first offered time, which is after the pause, and finds it on the timeline", async () => {
    await page.getByRole("link", { name: "Book my sessions" }).click();
    await page.getByText(/First possible day/).waitFor();
    const day = await firstAvailableDay(page);
    const earliest = Temporal.Now.plainDateISO(zone).add({ days: 7 });
    expect(Temporal.PlainDate.compare(Temporal.PlainDate.from(day), earliest)).toBeGreaterThanOrEqual(0);

    await page.locator(`button[data-day="${day}"]`).click();
    const firstTime = page.getByRole("list", { name: "Free times" }).getByRole("listitem").first();
    const time = (await firstTime.textContent()) ?? "";
    await firstTime.click();
    await expectAccessible(page, "book (patient)");
    await screenshot(page, "06-book-patient");
    await page.getByRole("button", { name: "Confirm booking" }).click();

    await page.waitForURL(/\/timeline$/);
    await page.getByRole("link", { name: "Change or cancel" }).first().waitFor();
    expect(await page.locator("main").textContent()).toContain(time);
    await page.getByRole("heading", { name: "Before your session" }).waitFor();
    await expectAccessible(page, "timeline");
    await screenshot(page, "07-timeline");

    // The calendar link the timeline offers serves the booking as valid iCalendar, at its instant.
    const bookingHref = await page
      .getByRole("link", { name: "Change or cancel" })
      .first()
      .getAttribute("href");
    const bookedAt = await page.evaluate(async (url) => {
      const answer = await fetch(`/api${url.replace("/bookings/", "/v1/bookings/")}`);
      return ((await answer.json()) as { startsAt: string }).startsAt;
    }, bookingHref ?? "");
    await page.getByRole("button", { name: "Make a calendar link" }).click();
    const feedUrl = new URL(await page.getByLabel("Your calendar link (shown only now)").inputValue());
    const feed = await fetch(new URL(`${feedUrl.pathname}${feedUrl.search}`, server.baseUrl));
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("text/calendar");
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    for (const vtimezone of calendar.getAllSubcomponents("vtimezone"))
      ICAL.TimezoneService.register(vtimezone);
    const starts = calendar
      .getAllSubcomponents("vevent")
      .map((vevent) => new ICAL.Event(vevent).startDate.toJSDate().toISOString().replace(".000Z", "Z"));
    expect(starts).toContain(bookedAt);

    // The timeline asks for the consent form until it is signed (typed name, then Sign).
    await page.getByRole("link", { name: "Read and sign" }).click();
    await page.waitForURL(/\/consent$/);
    await page.getByLabel("Type your full name to sign").fill("Ella Tester");
    await expectAccessible(page, "consent");
    await screenshot(page, "07b-consent");
    await page.getByRole("button", { name: "Sign", exact: true }).click();
    await page.getByText(/You have signed every consent form/).waitFor();
    await go("/timeline");
    await page.getByRole("link", { name: "Change or cancel" }).first().waitFor();
    await page.getByRole("heading", { name: "Add to my calendar" }).waitFor();
    expect(await page.getByRole("link", { name: "Read and sign" }).count()).toBe(0);
  });

  it("lets the front desk move the booking from the calendar, and the patient's timeline follows", async () => {
    const before = await page.locator("main").textContent();
    // The last session of the series (the earlier ones are held in place by the spacing to the
    // next one), as the patient's own browser reads it from the API.
    const href = await page.getByRole("link", { name: "Change or cancel" }).last().getAttribute("href");
    const startsAt = await page.evaluate(async (url) => {
      const answer = await fetch(`/api${url.replace("/bookings/", "/v1/bookings/")}`);
      return ((await answer.json()) as { startsAt: string }).startsAt;
    }, href ?? "");
    const day = Temporal.Instant.from(startsAt).toZonedDateTimeISO(zone).toPlainDate().toString();

    const { context, page: desk } = await newPage(chrome.browser, { timezoneId: zone });
    await signIn(desk, server.baseUrl, "frontdesk@demo.test");
    await desk.waitForURL(/\/desk$/);
    await desk.getByLabel("Day").fill(day);
    const appointment = desk.locator(".rbc-event", { hasText: "Ella Tester" }).first();
    await appointment.waitFor();
    await expectAccessible(desk, "front desk");
    await screenshot(desk, "08-front-desk");
    await appointment.click();

    await desk.waitForURL(/\/bookings\//);
    await desk.getByRole("button", { name: "Choose another time" }).click();
    const target = await firstAvailableDay(desk, day);
    await desk.locator(`button[data-day="${target}"]`).click();
    const moves = desk.getByRole("button", { name: /^Move to / });
    await moves.first().waitFor();
    await screenshot(desk, "09-move-booking");
    await moves.last().click();
    await desk.waitForURL(/\/desk$/);

    // Booking on the patient's behalf opens the same month, gated by the patient's own pause.
    await desk.getByLabel("Name, email or phone").fill("Ella");
    await desk.getByRole("link", { name: "Book for Ella Tester" }).click();
    await desk.getByText(/First possible day/).waitFor();
    await desk.locator("table[aria-busy='false']").waitFor();
    await context.close();

    await page.reload();
    await page.getByRole("link", { name: "Change or cancel" }).first().waitFor();
    await expect.poll(async () => await page.locator("main").textContent()).not.toBe(before);
  });

  it("lets the admin lengthen the retinoid pause to 10 days: education and new plans say 10", async () => {
    const { context, page: admin } = await newPage(chrome.browser, { timezoneId: zone });
    await signIn(admin, server.baseUrl, "admin@demo.test");
    await admin.waitForURL(/\/desk$/);
    await admin.goto(`${server.baseUrl}/admin/protocol`);
    await admin.getByLabel(/Days of pause: Topical retinoid/).fill("10");
    await admin.getByText(/pause it at least 10 days before a session/).waitFor();
    await admin.getByLabel("New version name").fill("retinoid-10");
    await expectAccessible(admin, "protocol editor");
    await screenshot(admin, "10-protocol-editor");
    await admin.getByRole("button", { name: "Save new version" }).click();
    // The patient's first session now falls inside the longer pause: the editor lists it first.
    const saved = admin.getByText("Saved: version retinoid-10 is now current.");
    const flag = admin.getByRole("button", { name: /Save anyway and flag/ });
    await saved.or(flag).first().waitFor();
    if (await flag.isVisible()) await flag.click();
    await saved.waitFor();

    // The patient's page for staff (sessions with their charts, messages) and the alerts inbox.
    await admin.goto(`${server.baseUrl}/desk`);
    await admin.getByLabel("Name, email or phone").fill("Ella");
    await admin.getByRole("link", { name: "Ella Tester", exact: true }).click();
    await admin.getByRole("heading", { name: "Messages" }).waitFor();
    await admin.getByRole("table").or(admin.getByText("No messages yet.")).first().waitFor();
    await expectAccessible(admin, "patient (staff)");
    await screenshot(admin, "10b-patient-staff");
    const chartLink = admin.getByRole("link", { name: "Chart", exact: true }).first();
    const chartPath = (await chartLink.getAttribute("href")) ?? "";
    await chartLink.click();
    await admin.getByText("Not charted yet.").waitFor();
    await admin.goto(`${server.baseUrl}/desk/alerts`);
    await admin.getByText("No open alerts.").waitFor();
    await expectAccessible(admin, "alerts");
    await context.close();

    // A provider writes the chart's draft; it reads back as saved.
    const { context: providerContext, page: provider } = await newPage(chrome.browser, { timezoneId: zone });
    await signIn(provider, server.baseUrl, "provider@demo.test");
    await provider.waitForURL(/\/desk$/);
    await provider.goto(`${server.baseUrl}${chartPath}`);
    await provider.getByLabel("Device").fill("SkinPen Precision");
    await provider.getByRole("combobox", { name: "Area 1" }).click();
    await provider.getByRole("option", { name: "cheeks" }).click();
    await provider.getByLabel("Depth (mm)").fill("1.5");
    await provider.getByLabel("Passes").fill("3");
    await expectAccessible(provider, "session chart");
    await screenshot(provider, "10c-chart");
    await provider.getByRole("button", { name: "Save draft" }).click();
    await provider.getByText("Draft saved.").waitFor();
    await provider.reload();
    await expect.poll(() => provider.getByLabel("Device").inputValue()).toBe("SkinPen Precision");
    expect(await provider.getByLabel("Depth (mm)").inputValue()).toBe("1.5");
    await providerContext.close();

    await go("/learn/how-to-prepare");
    await page.getByRole("row", { name: /Topical retinoid.*at least 10 days/ }).waitFor();
    await expectAccessible(page, "education");
    await screenshot(page, "11-education-prepare");

    await go("/intake");
    await page.getByRole("checkbox", { name: "Fine lines" }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("checkbox", { name: /retinoid cream or serum/ }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Save and see my plan" }).click();
    await page.waitForURL(/\/plan$/);
    await page.getByText(/pause at least 10 days before a session/).waitFor();
  });

  it("fits a 375 px wide phone on the booking page", async () => {
    const { context, page: phone } = await newPage(chrome.browser, { timezoneId: zone, width: 375 });
    await phone.goto(`${server.baseUrl}/book?service=microneedling`);
    await firstAvailableDay(phone);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone, "book (375 px)");
    await screenshot(phone, "12-book-375px");
    await context.close();
  });
});

/**
 * The first day of the month grid with free times (after `after`, a `YYYY-MM-DD`, when given),
 * moving on a month at a time (the pause or a late date in the month can leave the current month
 * empty). Returns its `YYYY-MM-DD`.
 */
async function firstAvailableDay(page: Page, after = ""): Promise<string> {
  for (let month = 0; month < 4; month++) {
    await page.locator("table[aria-busy='false']").waitFor();
    for (const day of await page.locator("button[data-available]").all()) {
      const date = (await day.getAttribute("data-day")) ?? "";
      if (date > after) return date;
    }
    await page.getByRole("button", { name: "Next month" }).click();
  }
  throw new Error("no free day in the next four months");
}

/**
 * The token in the sign-up link the server mailed to `email`: without SMTP_URL the server writes
 * each email to DATA_DIR/outbox as an .eml file, as a clinic's first run does. Its dispatcher runs
 * about once a second, so the file may take a moment to appear.
 */
async function emailedSignupToken(dataDir: string, email: string): Promise<string> {
  const outbox = join(dataDir, "outbox");
  for (let waited = 0; waited < 30_000; waited += 200) {
    const files = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith(".eml")) : [];
    for (const file of files) {
      // Quoted-printable bodies wrap long lines with "=" and write "=" itself as "=3D".
      const mail = readFileSync(join(outbox, file), "utf8")
        .replace(/=\r?\n/g, "")
        .replaceAll("=3D", "=");
      const token = /signup\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail)?.[1];
      if (mail.includes(email) && token) return token;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no sign-up mail for ${email} in ${outbox}`);
}
