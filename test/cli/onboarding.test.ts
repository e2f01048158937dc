import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ACCOUNT_INVITED_EVENT } from "../../src/services/accounts/password-reset.service.js";
import { findClinicBySlug } from "../../src/store/clinic.repository.js";
import { listUnprocessedOutboxEvents } from "../../src/store/outbox.repository.js";
import { describeEachDatabase, type TestDatabase } from "../databases.js";
import { unique } from "../factories.js";
import { movableClock, SAME_ORIGIN, sessionCookieOf, signUpOverHttp, testApp } from "../http/harness.js";

const ROOT = join(import.meta.dirname, "..", "..");

/** How a child process reaches the suite's database: its own schema on PostgreSQL. */
function databaseUrlOf(db: TestDatabase): string {
  return db.schema === undefined ? db.url : `${db.url}?schema=${db.schema}`;
}

/** `regimen …` as an operator runs it on a production server with an empty database. */
function regimen(db: TestDatabase, args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrlOf(db),
      NODE_ENV: "production",
      PUBLIC_URL: "https://book.glow.example",
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A new clinic put into service with nothing but the command line and the API, on a production
 * server (no demo clinic): the operator creates the clinic, its admin sets a password from the
 * printed link, sets up a service, a provider with hours and a room; a patient signs up, saves an
 * intake, gets a plan and books. The app's clock is the real one: the link the command printed
 * was issued by it.
 */
describeEachDatabase(
  "onboarding a clinic from an empty database [production]",
  (db) => {
    let app: FastifyInstance;

    beforeAll(async () => {
      app = testApp(db.store, {
        // Load shedding off: a busy test machine stalls this process's event loop, not the app's.
        config: loadConfig({ NODE_ENV: "production", PUBLIC_URL: SAME_ORIGIN, MAX_EVENT_LOOP_DELAY_MS: "0" }),
        clock: movableClock(Temporal.Now.instant().toString()),
      });
      await app.ready();
    });
    afterAll(() => app.close());

    it("goes from `regimen clinic create` to a booked patient", async () => {
      const slug = unique("glow").toLowerCase();
      const adminEmail = `${unique("owner")}@glow.example`;
      const created = regimen(db, [
        "clinic",
        "create",
        "--slug",
        slug,
        "--name",
        "Glow Skin Clinic",
        "--time-zone",
        "America/New_York",
        "--admin-email",
        adminEmail,
        "--admin-name",
        "Ada Admin",
      ]);
      expect(created.code, created.stderr).toBe(0);
      // The command migrated the empty database first.
      expect(created.stdout).toContain("Migrated");
      expect(created.stdout).toContain(`Created clinic "${slug}"`);
      expect(created.stdout).toContain("POST /api/v1/auth/password-reset/confirm");
      const link = /(https:\/\/book\.glow\.example\/set-password\?token=)([A-Za-z0-9_-]+)/.exec(
        created.stdout,
      );
      expect(link, created.stdout).not.toBeNull();
      const token = link?.[2] ?? "";

      const clinic = await findClinicBySlug(db.store.db, slug);
      if (!clinic) throw new Error("the command created no clinic");
      // The same link waits in the outbox for the mailer.
      const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 100 });
      expect(events).toContainEqual(
        expect.objectContaining({
          type: ACCOUNT_INVITED_EVENT,
          payload: expect.objectContaining({ email: adminEmail, token }),
        }),
      );

      // Set-up over the API is closed now: a clinic exists.
      expect((await app.inject({ url: "/api/v1/setup" })).json()).toMatchObject({
        open: false,
        clinic: { slug: expect.any(String) },
      });

      // The admin has no password until the link is used.
      const password = `onboard ${unique("pw")} quartz lantern`;
      const login = () =>
        app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          headers: { origin: SAME_ORIGIN },
          payload: { email: adminEmail, password, clinic: slug },
        });
      expect((await login()).statusCode).toBe(401);
      const set = await app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/confirm",
        headers: { origin: SAME_ORIGIN },
        payload: { token, password },
      });
      expect(set.statusCode, set.body).toBe(204);
      const signedIn = await login();
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect(signedIn.json().account).toMatchObject({ role: "admin", name: "Ada Admin" });
      const admin = { cookie: sessionCookieOf(signedIn), origin: SAME_ORIGIN };
      const asAdmin = (method: "POST" | "PUT", path: string, payload: object) =>
        app.inject({ method, url: `/api/v1/clinics/${slug}${path}`, headers: admin, payload });

      const service = await asAdmin("POST", "/services", {
        code: "microneedling",
        name: "Microneedling",
        durationMinutes: 60,
      });
      expect(service.statusCode, service.body).toBe(201);
      const provider = await asAdmin("POST", "/providers", { name: "Dr. Ames", skills: ["microneedling"] });
      expect(provider.statusCode, provider.body).toBe(201);
      const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        startTime: "09:00",
        endTime: "17:00",
      }));
      const hours = await asAdmin("PUT", `/providers/${provider.json().id}/hours`, { weeklyHours: everyDay });
      expect(hours.statusCode, hours.body).toBe(200);
      const room = await asAdmin("POST", "/rooms", { name: "Treatment room 1" });
      expect(room.statusCode, room.body).toBe(201);

      // A patient signs up (both steps, the link read from the outbox as the mailer would).
      const patientEmail = `${unique("patient")}@example.test`;
      const patientPassword = `patient ${unique("pw")} harbor violet`;
      const confirmed = await signUpOverHttp(app, db.store, clinic, {
        name: "Pat Onboard",
        email: patientEmail,
        password: patientPassword,
        timeZone: "America/New_York",
      });
      const patient = { cookie: sessionCookieOf(confirmed), origin: SAME_ORIGIN };
      const patientId: string = confirmed.json().patientId;

      const intake = await app.inject({
        method: "PUT",
        url: `/api/v1/patients/${patientId}/intake`,
        headers: patient,
        payload: { concerns: [{ code: "acne_scars", severity: "moderate" }], medications: [] },
      });
      expect(intake.statusCode, intake.body).toBe(200);
      const plan = await app.inject({
        method: "POST",
        url: `/api/v1/patients/${patientId}/plans`,
        headers: patient,
        payload: {},
      });
      expect(plan.statusCode, plan.body).toBe(201);

      const from = Temporal.Now.instant()
        .round({ smallestUnit: "minute", roundingMode: "floor" })
        .add({ hours: 24 });
      const to = from.add({ hours: 24 * 7 });
      const slots = await app.inject({
        url: `/api/v1/clinics/${slug}/slots?service=microneedling&from=${from}&to=${to}`,
        headers: patient,
      });
      expect(slots.statusCode, slots.body).toBe(200);
      const [first] = slots.json().slots as { startsAt: string }[];
      expect(first, slots.body).toBeDefined();
      const booked = await app.inject({
        method: "POST",
        url: "/api/v1/bookings",
        headers: { ...patient, "idempotency-key": unique("key") },
        payload: { patientId, service: "microneedling", startsAt: first?.startsAt },
      });
      expect(booked.statusCode, booked.body).toBe(201);
      expect(booked.json()).toMatchObject({ service: "microneedling", status: "booked" });

      // The whole way is in the clinic's audit trail, each step under who took it.
      const audit = await app.inject({ url: "/api/v1/audit?limit=100", headers: admin });
      expect(audit.statusCode, audit.body).toBe(200);
      const trail = (audit.json().entries as { action: string; actorName: string; actorRole: string }[])
        .map((e) => `${e.action} by ${e.actorName} (${e.actorRole})`)
        .sort();
      expect(trail).toEqual(
        [
          "booking.create by Pat Onboard (patient)",
          "clinic.create by command line (operator)",
          "intake.write by Pat Onboard (patient)",
          "plan.create by Pat Onboard (patient)",
          "provider.create by Ada Admin (admin)",
          "provider.hours_replace by Ada Admin (admin)",
          "room.create by Ada Admin (admin)",
          "service.create by Ada Admin (admin)",
        ].sort(),
      );
    });

    it("refuses a taken slug and a bad zone in one line each, with exit code 2", () => {
      const slug = unique("twice").toLowerCase();
      const args = (s: string, zone: string) => [
        "clinic",
        "create",
        "--slug",
        s,
        "--name",
        "Twice",
        "--time-zone",
        zone,
        "--admin-email",
        `${unique("a")}@example.test`,
      ];
      expect(regimen(db, args(slug, "Europe/Paris")).code).toBe(0);
      const taken = regimen(db, args(slug, "Europe/Paris"));
      expect(taken.code).toBe(2);
      expect(taken.stderr).toBe(`There is already a clinic "${slug}".\n`);
      const zone = regimen(db, args(unique("zone").toLowerCase(), "Mars/Olympus"));
      expect(zone.code).toBe(2);
      expect(zone.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^--time-zone: /)]);
      const missing = regimen(db, ["clinic", "create", "--slug", "x"]);
      expect(missing.code).toBe(2);
      expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    });
  },
  { migrate: false },
);
