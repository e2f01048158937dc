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

const zone = DEMO_CLINIC.timeZone;
const SLUG = DEMO_CLINIC.slug;

interface Slot {
  startsAt: string;
  providerId: string;
}

/**
 * The desk and a patient in real browsers against the real server (fresh SQLite, demo clinic):
 * the desk books a patient by clicking an empty time on the calendar and drags the booking to
 * another time; a patient moves their own consultation a quarter hour later, a time that only
 * the search leaving that booking out offers; the waitlist offer page renders.
 */
describe.skipIf(!browserAvailable())(
  "the desk calendar and moving one's own booking",
  { timeout: 180_000 },
  () => {
    let scene: BrowserScene;
    let server: RunningServer;
    let chrome: TestBrowser;

    beforeAll(async () => {
      scene = await startBrowserScene("desk");
      ({ server, chrome } = scene);
    }, 180_000);

    afterAll(() => scene?.close());

    async function signedInPage(email: string, width = 1280): Promise<Page> {
      const { page } = await newPage(chrome.browser, { timezoneId: zone, width });
      await signIn(page, server.baseUrl, email);
      return page;
    }

    /** A same-origin API call from the signed-in page, as the app makes it. */
    function callApi<T>(
      page: Page,
      method: string,
      path: string,
      body?: unknown,
    ): Promise<{ status: number; body: T }> {
      return page.evaluate(
        async ({ method, path, body }) => {
          const answer = await fetch(path, {
            method,
            headers: {
              "content-type": "application/json",
              "idempotency-key": crypto.randomUUID(),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          return { status: answer.status, body: await answer.json() };
        },
        { method, path, body },
      );
    }

    /** Consultation starts on `day` (clinic day) as the API offers them, with the given extras. */
    async function consultationSlots(page: Page, day: string, extra = ""): Promise<Slot[]> {
      const from = Temporal.PlainDate.from(day).toZonedDateTime(zone).toInstant().toString();
      const to = Temporal.PlainDate.from(day).add({ days: 1 }).toZonedDateTime(zone).toInstant().toString();
      const res = await callApi<{ slots: Slot[] }>(
        page,
        "GET",
        `/api/v1/clinics/${SLUG}/slots?service=consultation&from=${from}&to=${to}${extra}`,
      );
      expect(res.status).toBe(200);
      return res.body.slots;
    }

    /** A weekday `days` ahead: the demo's providers all work Monday to Friday. */
    function weekdayAhead(days: number): string {
      let day = Temporal.Now.plainDateISO(zone).add({ days });
      while (day.dayOfWeek > 5) day = day.add({ days: 1 });
      return day.toString();
    }

    const quarterLater = (iso: string) => Temporal.Instant.from(iso).add({ minutes: 15 }).toString();
    const wallTime = (iso: string) =>
      Temporal.Instant.from(iso).toZonedDateTimeISO(zone).toPlainTime().toString({ smallestUnit: "minute" });

    it("lets the desk book a patient by clicking an empty time, then drag the booking to another time", async () => {
      const desk = await signedInPage("frontdesk@demo.test");
      await desk.waitForURL(/\/desk$/);
      const day = weekdayAhead(9);
      const search = await callApi<{ patients: { id: string; name: string }[] }>(
        desk,
        "GET",
        `/api/v1/clinics/${SLUG}/patients?q=Blake`,
      );
      const blake = search.body.patients[0];
      expect(blake?.name).toBe("Blake Morgan");
      // A morning time with a provider free then and an hour later (the drag's target).
      const slots = await consultationSlots(desk, day, `&patientId=${blake?.id}`);
      const slot = slots.find(
        (s) =>
          wallTime(s.startsAt) >= "09:00" &&
          slots.some(
            (t) =>
              t.providerId === s.providerId &&
              t.startsAt === Temporal.Instant.from(s.startsAt).add({ hours: 1 }).toString(),
          ),
      );
      if (!slot) throw new Error(`no free consultation pair on ${day}`);

      await desk.getByLabel("Day").fill(day);
      await desk.locator(".rbc-time-header .rbc-header").first().waitFor();
      const columns = await desk.locator(".rbc-time-header .rbc-row-resource .rbc-header").allTextContents();
      const calendar = await callApi<{ providers: { id: string; name: string }[] }>(
        desk,
        "GET",
        `/api/v1/clinics/${SLUG}/calendar?date=${day}`,
      );
      const column = columns.indexOf(
        calendar.body.providers.find((p) => p.id === slot.providerId)?.name ?? "",
      );
      expect(column).toBeGreaterThanOrEqual(0);
      // The calendar opens at 07:00 with four quarter-hour rows an hour.
      const [hour, minute] = wallTime(slot.startsAt).split(":").map(Number) as [number, number];
      const row = (hour - 7) * 4 + minute / 15;
      const columnBox = await desk.locator(".rbc-time-content .rbc-day-slot").nth(column).boundingBox();
      if (!columnBox) throw new Error("the calendar is not laid out");
      // 07:00 to 21:00 is 56 quarter-hour rows; click inside the row, left of where events sit.
      const rowHeight = columnBox.height / 56;
      const rowTop = columnBox.y + row * rowHeight;
      await desk.mouse.click(columnBox.x + 8, rowTop + rowHeight / 2);

      const dialog = desk.getByRole("dialog", { name: "Book for a patient" });
      await dialog.waitFor();
      expect(await dialog.getByLabel("Time").inputValue()).toBe(wallTime(slot.startsAt));
      await dialog.getByLabel("Find the patient").fill("Blake");
      await dialog.getByRole("radio", { name: /Blake Morgan/ }).check();
      await dialog.getByLabel("Service").selectOption("consultation");
      await expectAccessible(desk, "desk book dialog");
      await screenshot(desk, "desk-01-book-dialog");
      await dialog.getByRole("button", { name: "Confirm booking" }).click();
      await dialog.waitFor({ state: "hidden" });

      const event = desk.locator(".rbc-event", { hasText: "Blake Morgan" }).first();
      await event.waitFor();
      await expectAccessible(desk, "desk calendar");
      await screenshot(desk, "desk-02-calendar-booked");

      // Drag it down one hour (four rows) in the same column.
      const from = await event.boundingBox();
      if (!from) throw new Error("the booking is not drawn");
      await desk.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await desk.mouse.down();
      await desk.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + rowHeight * 2, { steps: 5 });
      await desk.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + rowHeight * 4, { steps: 5 });
      await desk.mouse.up();
      // Where exactly it lands depends on the drag's pixels; it must have moved later that day.
      const dayEnd = Temporal.PlainDate.from(day)
        .add({ days: 1 })
        .toZonedDateTime(zone)
        .toInstant()
        .toString();
      await expect
        .poll(
          async () => {
            const bookings = await callApi<{ bookings: { startsAt: string; status: string }[] }>(
              desk,
              "GET",
              `/api/v1/patients/${blake?.id}/bookings`,
            );
            return bookings.body.bookings.some(
              (b) => b.status === "booked" && b.startsAt > slot.startsAt && b.startsAt < dayEnd,
            );
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      await screenshot(desk, "desk-03-calendar-moved");
      await desk.context().close();
    });

    it("lets a patient move their own booking to a time only the rescheduling search offers", async () => {
      const patient = await signedInPage("patient@demo.test");
      const me = await callApi<{ patientId: string }>(patient, "GET", "/api/v1/me");
      const patientId = me.body.patientId;
      const day = weekdayAhead(16);
      const before = await consultationSlots(patient, day);
      const slot = before.find(
        (s) => wallTime(s.startsAt) >= "10:00" && before.some((t) => t.startsAt === quarterLater(s.startsAt)),
      );
      if (!slot) throw new Error(`no free consultation pair on ${day}`);
      const booked = await callApi<{ id: string }>(patient, "POST", "/api/v1/bookings", {
        patientId,
        service: "consultation",
        startsAt: slot.startsAt,
      });
      expect(booked.status).toBe(201);
      const bookingId = booked.body.id;
      const target = quarterLater(slot.startsAt);

      // The plain search hides the quarter hour after (it overlaps the patient's own booking);
      // leaving the booking out offers it.
      expect((await consultationSlots(patient, day)).map((s) => s.startsAt)).not.toContain(target);
      expect(
        (await consultationSlots(patient, day, `&rescheduling=${bookingId}`)).map((s) => s.startsAt),
      ).toContain(target);

      await patient.goto(`${server.baseUrl}/bookings/${bookingId}`);
      await patient.getByRole("button", { name: "Choose another time" }).click();
      for (
        let month = 0;
        month < 3 && (await patient.locator(`button[data-day="${day}"]`).count()) === 0;
        month++
      ) {
        await patient.getByRole("button", { name: "Next month" }).click();
      }
      await patient.locator("table[aria-busy='false']").waitFor();
      await patient.locator(`button[data-day="${day}"]`).click();
      const move = patient.getByRole("button", { name: `Move to ${wallTime(target)}` });
      await move.waitFor();
      await expectAccessible(patient, "move own booking");
      await screenshot(patient, "desk-04-patient-move");
      await move.click();
      await patient.waitForURL(/\/timeline$/);
      const after = await callApi<{ startsAt: string }>(patient, "GET", `/api/v1/bookings/${bookingId}`);
      expect(after.body.startsAt).toBe(target);
      await patient.context().close();
    });

    let entryId = "";

    it("shows a waitlist entry's page, and the patient's settings", async () => {
      const patient = await signedInPage("patient@demo.test");
      const me = await callApi<{ patientId: string }>(patient, "GET", "/api/v1/me");
      const day = weekdayAhead(30);
      const from = Temporal.PlainDate.from(day).toZonedDateTime(zone).toInstant().toString();
      const to = Temporal.PlainDate.from(day).add({ days: 3 }).toZonedDateTime(zone).toInstant().toString();
      const entry = await callApi<{ id: string }>(patient, "POST", "/api/v1/waitlist", {
        patientId: me.body.patientId,
        service: "consultation",
        from,
        to,
      });
      expect(entry.status).toBe(201);

      entryId = entry.body.id;
      await patient.goto(`${server.baseUrl}/waitlist/${entry.body.id}`);
      await patient.getByText("Still waiting").waitFor();
      await expectAccessible(patient, "waitlist offer");
      await screenshot(patient, "desk-05-waitlist");

      await patient.goto(`${server.baseUrl}/settings`);
      const sms = patient.getByRole("switch", { name: "By text message" });
      await sms.waitFor();
      await expect.poll(() => sms.isChecked()).toBe(true);
      await sms.click({ force: true });
      await patient.getByText("Saved.").waitFor();
      await expect.poll(() => sms.isChecked()).toBe(false);
      await expectAccessible(patient, "settings");
      await screenshot(patient, "desk-06-settings");
      await patient.context().close();
    });

    it("fits a 375 px wide phone on the waitlist and settings pages", async () => {
      const phone = await signedInPage("patient@demo.test", 375);
      for (const [path, ready, name] of [
        [`/waitlist/${entryId}`, "Still waiting", "waitlist (375 px)"],
        ["/settings", "Maintenance reminders", "settings (375 px)"],
      ] as const) {
        await phone.goto(`${server.baseUrl}${path}`);
        await phone.getByText(ready).first().waitFor();
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
        await expectAccessible(phone, name);
        await screenshot(phone, `desk-07-${name.replace(/[^a-z0-9]+/g, "-")}`);
      }
      await phone.context().close();
    });
  },
);
