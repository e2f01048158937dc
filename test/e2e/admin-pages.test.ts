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
 * The clinic admin's pages in a real browser against the real server (a fresh SQLite file with
 * the demo clinic): each page loads, passes axe-core and is photographed into test-results/, and
 * the everyday changes go through end to end (a service, time off, a closure, a template).
 */
describe.skipIf(!browserAvailable())(
  "the admin sets up the clinic in the browser",
  { timeout: 120_000 },
  () => {
    let scene: BrowserScene;
    let server: RunningServer;
    let chrome: TestBrowser;
    let page: Page;
    const zone = DEMO_CLINIC.timeZone;
    // Far enough ahead that no demo booking is hit, so the change goes through without a 409.
    const farDay = Temporal.Now.plainDateISO(zone).add({ days: 300 }).toString();

    beforeAll(async () => {
      scene = await startBrowserScene("admin");
      ({ server, chrome } = scene);
      ({ page } = await newPage(chrome.browser, { timezoneId: zone }));
      await signIn(page, server.baseUrl, "admin@demo.test");
      await page.waitForURL(/\/desk$/);
    }, 180_000);

    afterAll(() => scene?.close());

    const go = (path: string) => page.goto(`${server.baseUrl}${path}`);
    const check = async (name: string) => {
      await expectAccessible(page, name);
      await screenshot(page, `admin-${name}`);
    };

    it("lists every admin page from the admin menu", async () => {
      await page
        .getByRole("navigation", { name: "Main", exact: true })
        .getByRole("link", { name: "Admin" })
        .click();
      await page.waitForURL(/\/admin$/);
      for (const title of ["Clinic profile", "Services", "Providers", "Closures", "Audit log", "Protocol"])
        await page.getByRole("link", { name: title, exact: true }).waitFor();
      await check("index");
    });

    it("shows and saves the clinic profile", async () => {
      await go("/admin/clinic");
      await expect.poll(() => page.getByLabel("Clinic name").inputValue()).toBe(DEMO_CLINIC.name);
      await page.getByLabel("Phone").fill("+1 555 0100");
      await page.getByRole("button", { name: "Save the profile" }).click();
      await page.getByText("Saved.").waitFor();
      await check("clinic");
    });

    it("adds a service", async () => {
      await go("/admin/services");
      await page
        .getByRole("table", { name: "Services" })
        .getByText(/^Microneedling \(/)
        .first()
        .waitFor();
      await page.getByLabel("Code").fill("peel_consult");
      await page.getByRole("textbox", { name: /^Name/ }).fill("Peel consultation");
      await page.getByLabel("Length (minutes)").fill("30");
      await page.getByRole("button", { name: "Add service" }).click();
      await page
        .getByRole("table", { name: "Services" })
        .getByText("Peel consultation (peel_consult)")
        .waitFor();
      await check("services");
    });

    it("adds time off to a provider, on the clinic's clock", async () => {
      await go("/admin/providers");
      await page.getByRole("group", { name: /^Weekly hours of / }).waitFor();
      await page
        .getByText(/Nothing planned in the coming year|Time off|Extra hours/)
        .first()
        .waitFor();
      await page.getByLabel("First day").fill(farDay);
      await page.getByLabel("Last day").fill(farDay);
      await page.getByLabel("Note").fill("Conference");
      await page.getByRole("button", { name: "Add time off" }).click();
      await page.getByRole("cell", { name: "Conference" }).waitFor();
      await check("providers");
    });

    it("closes the clinic for a day", async () => {
      await go("/admin/closures");
      await page
        .getByText(/No closures from today on|Reopen/)
        .first()
        .waitFor();
      await page.getByLabel("First day").fill(farDay);
      await page.getByLabel("Last day").fill(farDay);
      await page.getByLabel("Reason").fill("Staff training");
      await page.getByRole("button", { name: "Add closure" }).click();
      await page.getByRole("cell", { name: "Staff training" }).waitFor();
      await check("closures");
    });

    it("edits a message template with a live preview, and flags an unknown variable", async () => {
      await go("/admin/templates");
      const text = page.getByRole("textbox", { name: "Text" });
      await text.waitFor();
      await page.getByText("Preview with sample values").waitFor();
      await text.fill("Welcome! Marker line for the preview.");
      await expect
        .poll(() => page.getByTestId("preview-text").textContent())
        .toContain("Marker line for the preview.");
      await text.fill("Hello {{no_such_variable}}");
      await page
        .getByText(/Unknown variable \{\{no_such_variable\}\}|unknown variable \{\{no_such_variable\}\}/)
        .first()
        .waitFor();
      await text.fill("Welcome again. Saved marker.");
      await page.getByRole("button", { name: "Save template" }).click();
      await page.getByText("Saved: new messages use this text.").waitFor();
      await check("templates");
      // The HTML version, drawn in a script-less frame (axe cannot run inside it, so it is
      // checked above while closed).
      await page.getByRole("button", { name: "Show the HTML version" }).click();
      await page.frameLocator('iframe[title="HTML preview"]').locator("body").waitFor();
      await screenshot(page, "admin-templates-html");
      await page.getByRole("button", { name: "Reset to default" }).click();
      await expect.poll(() => text.inputValue()).not.toContain("Saved marker.");
    });

    it("shows the remaining pages, each accessible", async () => {
      const pages: [string, RegExp][] = [
        ["rooms", /Treatment room 1/],
        ["staff", /Alex Admin/],
        ["consents", /Publish version/],
        ["webhooks", /No webhooks yet|Add a webhook/],
      ];
      for (const [path, text] of pages) {
        await go(`/admin/${path}`);
        await page.getByText(text).first().waitFor();
        await check(path);
      }
    });

    it("shows the audit log, a bad filter refused beside its field, and the CSV of the same entries", async () => {
      await go("/admin/audit");
      const loaded = page
        .getByRole("table", { name: "Audit entries" })
        .or(page.getByText("No entries match."));
      await loaded.waitFor();
      await page.getByLabel("Action").fill("bogus action");
      await page.getByRole("button", { name: "Apply filters" }).click();
      await page.getByText("must be an action name, e.g. booking.cancel", { exact: true }).waitFor();
      await screenshot(page, "admin-audit-error");
      await page.getByRole("button", { name: "Clear" }).click();
      await loaded.waitFor();
      const csv = await page
        .getByRole("link", { name: "Download these entries as CSV" })
        .getAttribute("href");
      expect(csv).toBe("/api/v1/audit.csv");
      await check("audit");
    });

    it("shows the protocol's checks beside the field, and a sample plan that follows the draft", async () => {
      await go("/admin/protocol");
      await page.getByRole("heading", { name: "Series and spacing" }).waitFor();
      await page.getByLabel("Aim for at least (days)").fill("35");
      await page.getByText("Session 2:").first().waitFor();
      await page.getByLabel("Aim for at most (days)").fill("30");
      await page.getByLabel("New version name").fill("too-short");
      await page.getByRole("button", { name: "Save new version" }).click();
      await page.getByText("is 30: must be at least targetMinDays (35)", { exact: true }).waitFor();
      await check("protocol");
    });

    it("fits a phone's width", async () => {
      const { context, page: phone } = await newPage(chrome.browser, { timezoneId: zone, width: 375 });
      await context.addCookies(await page.context().cookies());
      await phone.goto(`${server.baseUrl}/admin/providers`);
      await phone.getByRole("group", { name: /^Weekly hours of / }).waitFor();
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(phone, "admin-providers-375");
      await context.close();
    });
  },
);
