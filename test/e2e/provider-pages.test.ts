import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CLINIC } from "../../src/demo/demo-clinic.js";
import { setBookingStatus } from "../../src/store/booking.repository.js";
import type { Store } from "../../src/store/database.js";
import { newBooking } from "../factories.js";
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
 * The provider's day, in a real browser against the real server on a fresh SQLite file: a
 * patient whose intake names active acne waits in the review queue; the provider opens the plan,
 * accepts the acne with a reason (a missing reason is refused beside its field), sets a skincare
 * routine, uploads a session photo and reads the reports. The demo patient then reads the routine
 * the provider gave them. Every page is checked with axe-core and photographed into test-results/.
 */
describe.skipIf(!browserAvailable())(
  "a provider reviews, prescribes and reports",
  { timeout: 120_000 },
  () => {
    let scene: BrowserScene;
    let dir: string;
    let server: RunningServer;
    let store: Store;
    let chrome: TestBrowser;
    let context: BrowserContext;
    let page: Page;
    let patientId = "";
    let sessionId = "";
    const zone = DEMO_CLINIC.timeZone;
    const slug = DEMO_CLINIC.slug;
    const name = `Rowan Review ${Date.now() % 100_000}`;

    beforeAll(async () => {
      scene = await startBrowserScene("provider");
      ({ dir, server, store, chrome } = scene);
      ({ context, page } = await newPage(chrome.browser, { timezoneId: zone }));
      await signIn(page, server.baseUrl, "provider@demo.test");
      // A patient added at the desk whose answers need a provider: active acne is a review reason.
      patientId = await page.evaluate(
        async ({ slug, name, zone }) => {
          const send = async (method: string, path: string, body?: unknown) => {
            const answer = await fetch(path, {
              method,
              headers: body === undefined ? {} : { "content-type": "application/json" },
              body: body === undefined ? undefined : JSON.stringify(body),
            });
            if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
            return answer.json();
          };
          const patient = await send("POST", `/api/v1/clinics/${slug}/patients`, { name, timeZone: zone });
          await send("PUT", `/api/v1/patients/${patient.id}/intake`, {
            concerns: [{ code: "acne_scars", severity: "moderate" }],
            conditions: ["active_acne"],
          });
          await send("POST", `/api/v1/patients/${patient.id}/plans`, {});
          return patient.id as string;
        },
        { slug, name, zone },
      );

      // A treatment three weeks ago, written straight to the store (the API books only the
      // future): the provider assesses it below, the reports count it.
      const clinic = await store.db
        .selectFrom("clinic")
        .select("id")
        .where("slug", "=", slug)
        .executeTakeFirstOrThrow();
      const service = await store.db
        .selectFrom("service")
        .select("id")
        .where("clinic_id", "=", clinic.id)
        .where("code", "=", "microneedling")
        .executeTakeFirstOrThrow();
      const provider = await store.db
        .selectFrom("provider")
        .select("id")
        .where("clinic_id", "=", clinic.id)
        .executeTakeFirstOrThrow();
      const startsAt = new Date(Date.now() - 21 * 86_400_000).toISOString().replace(/T.*/, "T15:00:00Z");
      const session = await newBooking(
        store.db,
        { clinicId: clinic.id, patientId, serviceId: service.id, providerId: provider.id },
        { startsAt },
      );
      await setBookingStatus(store.db, clinic.id, session.id, "completed", { updatedAt: startsAt });
      sessionId = session.id;
    }, 180_000);

    afterAll(() => scene?.close());

    const go = (path: string) => page.goto(`${server.baseUrl}${path}`);

    it("lists the patient in the review queue with the reason, and opens the plan", async () => {
      await go("/desk/review");
      const link = page.getByRole("link", { name: `Review the plan of ${name}` });
      await link.waitFor();
      await page
        .getByRole("article", { name: `Plan of ${name}` })
        .getByText(/acne/i)
        .first()
        .waitFor();
      await expectAccessible(page, "review queue");
      await screenshot(page, "provider-01-review-queue");
      await link.click();
      await page.waitForURL(/\/desk\/patients\/.+\/plans\/.+$/);
    });

    it("accepts the plan with an override only once the reason is written", async () => {
      await page.getByRole("heading", { name: `Plan for ${name}` }).waitFor();
      await page.getByRole("heading", { name: "Sessions", exact: false }).first().waitFor();
      const accept = page.getByRole("checkbox", { name: /^Accept: / });
      expect(await accept.isChecked()).toBe(true);
      await expectAccessible(page, "plan review");
      await screenshot(page, "provider-02-plan-review");

      await page.getByRole("button", { name: "Accept the plan" }).click();
      await page.getByText("Write why you accept this").waitFor();
      await page
        .getByRole("textbox", { name: /^Reason for accepting/ })
        .fill("Mild acne away from the treated area");
      await page.getByRole("button", { name: "Accept the plan" }).click();
      await page
        .getByRole("status")
        .getByText(/^Accepted/)
        .waitFor();
      await page.getByText("Mild acne away from the treated area").first().waitFor();
      await screenshot(page, "provider-03-plan-accepted");

      await go("/desk/review");
      await page.getByText("No plans wait for a review.").waitFor();
    });

    it("sets the patient's skincare routine", async () => {
      await go(`/desk/patients/${patientId}/routine`);
      await page.getByRole("heading", { name: `Skincare routine for ${name}` }).waitFor();
      await page.getByRole("button", { name: "Add a step" }).click();
      await page.getByRole("button", { name: "Save the routine" }).click();
      await page.getByText("Choose a product").waitFor();
      await page.getByRole("combobox", { name: /^Step 1/ }).click();
      await page.getByRole("option", { name: "sunscreen", exact: true }).click();
      await page.getByRole("button", { name: "Save the routine" }).click();
      await page.getByText("Routine saved.").waitFor();
      await page
        .getByRole("region", { name: "Morning (AM)" })
        .getByText("sunscreen", { exact: false })
        .first()
        .waitFor();
      await expectAccessible(page, "routine editor");
      await screenshot(page, "provider-04-routine");
    });

    it("assesses the session on its chart page", async () => {
      await go(`/bookings/${sessionId}/chart`);
      await page.getByRole("heading", { name: "Assessment" }).waitFor();
      await page.getByRole("button", { name: "Save the assessment" }).click();
      await page.getByText("Score at least one concern").waitFor();
      await page.getByRole("textbox", { name: /^Acne scars.*severity/ }).fill("6");
      await page.getByRole("button", { name: "Save the assessment" }).click();
      await page.getByText("Assessment saved.").waitFor();
      await expectAccessible(page, "chart with assessment");
      await screenshot(page, "provider-04b-assessment");
    });

    it("uploads a session photo and shows its thumbnail and the before/after", async () => {
      const file = join(dir, "before-front.jpg");
      const jpeg = await sharp({
        create: { width: 320, height: 240, channels: 3, background: { r: 200, g: 150, b: 130 } },
      })
        .jpeg()
        .toBuffer();
      writeFileSync(file, jpeg);
      await go(`/desk/patients/${patientId}`);
      await page.getByRole("heading", { name: "Photos" }).waitFor();
      await page.getByRole("button", { name: "Upload" }).click();
      await page.getByText("Choose a photo").waitFor();
      await page.locator('form[aria-label="Upload a photo"] input[type="file"]').setInputFiles(file);
      await page.getByRole("button", { name: "Upload" }).click();
      await page.getByText("Photo uploaded.").waitFor();
      await page.getByRole("img", { name: /^Before, front, / }).waitFor();
      const compared = page.getByRole("img", { name: "First before photo, front" });
      await compared.waitFor();
      // Decoded, not just placed: the page shows the photo itself, not its alt text.
      await expect
        .poll(() => compared.evaluate((img) => (img as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(0);
      // An "after" of the same angle lands beside it.
      await page.locator('form[aria-label="Upload a photo"] input[type="file"]').setInputFiles(file);
      await page.getByRole("combobox", { name: /^Taken/ }).click();
      await page.getByRole("option", { name: "After", exact: true }).click();
      await page.getByRole("button", { name: "Upload" }).click();
      await page.getByRole("img", { name: "Latest after photo, front" }).waitFor();
      // The assessed session's score, as the chart's table gives it to a screen reader.
      await page
        .getByRole("table", { name: /^Severity per concern/ })
        .getByRole("cell", { name: "6", exact: true })
        .waitFor({ state: "attached" });
      await expectAccessible(page, "desk patient with photos");
      await screenshot(page, "provider-05-photos");
    });

    it("reads the reports as charts and tables, also on a phone", async () => {
      await go("/desk/reports");
      await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
      await page
        .getByRole("heading", { name: /^All figures/ })
        .waitFor()
        .catch(async (error) => {
          throw new Error(`reports page: ${await page.locator("main").textContent()}`, { cause: error });
        });
      await page.getByRole("cell", { name: "1", exact: true }).first().waitFor();
      await expectAccessible(page, "reports");
      await screenshot(page, "provider-06-reports");

      const phone = await newPage(chrome.browser, { timezoneId: zone, width: 375 });
      await phone.context.addCookies(await context.cookies());
      await phone.page.goto(`${server.baseUrl}/desk/reports`);
      await phone.page.getByRole("heading", { name: /^All figures/ }).waitFor();
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await expectAccessible(phone.page, "reports at 375 px");
      await screenshot(phone.page, "provider-07-reports-phone");
      await phone.context.close();
    });

    it("shows the demo patient the routine their provider set, read-only", async () => {
      const avery = await page.evaluate(async (slug) => {
        const found = await (await fetch(`/api/v1/clinics/${slug}/patients?q=Avery`)).json();
        const id = found.patients[0].id as string;
        const saved = await fetch(`/api/v1/patients/${id}/routine`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            items: [
              { kind: "retinoid", times: ["evening"] },
              { kind: "sunscreen", times: ["morning"] },
            ],
          }),
        });
        return saved.status;
      }, slug);
      expect(avery).toBe(200);

      const patient = await newPage(chrome.browser, { timezoneId: zone });
      await signIn(patient.page, server.baseUrl, "patient@demo.test");
      await patient.page.getByRole("link", { name: "My routine" }).first().click();
      await patient.page.waitForURL(/\/routine$/);
      await patient.page.getByRole("heading", { name: "Your skincare routine" }).waitFor();
      await patient.page
        .getByRole("region", { name: "Evening (PM)" })
        .getByText(/retinoid/i)
        .first()
        .waitFor();
      expect(await patient.page.getByRole("button", { name: "Save the routine" }).count()).toBe(0);
      await expectAccessible(patient.page, "patient routine");
      await screenshot(patient.page, "provider-08-patient-routine");
      await patient.context.close();
    });
  },
);
