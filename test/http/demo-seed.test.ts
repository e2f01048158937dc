import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { DEMO_PASSWORD, DEMO_SIGN_INS } from "../../src/demo/demo-clinic.js";
import { seedDemoClinic } from "../../src/demo/seed-demo-clinic.js";
import { listBookingsInWindow } from "../../src/store/booking.repository.js";
import { findClinicBySlug } from "../../src/store/clinic.repository.js";
import { listProviders } from "../../src/store/provider.repository.js";
import { describeEachDatabase } from "../databases.js";
import { expectProblem, movableClock, testApp, testPasswords } from "./harness.js";

const TABLES = [
  "clinic",
  "provider",
  "room",
  "device",
  "service",
  "patient",
  "intake_version",
  "account",
  "booking",
] as const;

describeEachDatabase("the demo clinic", (db) => {
  const clock = movableClock("2030-01-02T15:00:00Z");
  let app: FastifyInstance;

  async function counts() {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await db.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  }

  beforeAll(async () => {
    app = testApp(db.store, { clock });
    await app.ready();
  });
  afterAll(() => app.close());

  it("is never seeded in production", async () => {
    const result = await seedDemoClinic(db.store, { clock, passwords: testPasswords, nodeEnv: "production" });
    expect(result).toEqual({ seeded: false, reason: "production" });
    expect(await findClinicBySlug(db.store.db, "demo")).toBeUndefined();
  });

  it("is seeded once; seeding again (even concurrently) changes nothing", async () => {
    const options = { clock, passwords: testPasswords, nodeEnv: "development" as const };
    expect(await seedDemoClinic(db.store, options)).toEqual({ seeded: true });
    const after = await counts();
    const again = await Promise.all([seedDemoClinic(db.store, options), seedDemoClinic(db.store, options)]);
    expect(again).toEqual([
      { seeded: false, reason: "exists" },
      { seeded: false, reason: "exists" },
    ]);
    expect(await counts()).toEqual(after);
  });

  it("has the demo clinic the README describes", async () => {
    const clinic = await findClinicBySlug(db.store.db, "demo");
    expect(clinic).toMatchObject({
      timeZone: "America/New_York",
      policy: { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 180 },
    });
    if (!clinic) return;
    const providers = await listProviders(db.store.db, clinic.id);
    expect(providers).toHaveLength(4);
    expect(providers.some((p) => p.weeklyHours.some((h) => h.weekday === 6))).toBe(true);
    const services = await app.inject({ url: "/api/v1/clinics/demo/services" });
    expect(
      services
        .json()
        .services.map((s: { code: string; durationMinutes: number; deviceKinds: string[] }) => [
          s.code,
          s.durationMinutes,
          s.deviceKinds,
        ]),
    ).toEqual([
      ["consultation", 30, []],
      ["microneedling", 60, []],
      ["microneedling_prp", 90, ["centrifuge"]],
      ["rf_microneedling", 75, ["rf"]],
    ]);
    const bookings = await listBookingsInWindow(
      db.store.db,
      clinic.id,
      "2030-01-01T00:00:00Z",
      "2030-03-01T00:00:00Z",
    );
    expect(bookings).toHaveLength(2);
    for (const booking of bookings) expect(booking.startsAt > "2030-01-03T00:00:00Z").toBe(true);
  });

  it("signs in every demo account with the demo password; the patient sees their retinoid intake", async () => {
    for (const { email, role } of DEMO_SIGN_INS) {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email, password: DEMO_PASSWORD, clinic: "demo" },
      });
      expect(res.statusCode, `${email}: ${res.body}`).toBe(200);
      expect(res.json().account.role).toBe(role);
      if (role === "patient") {
        const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
        const intake = await app.inject({
          url: `/api/v1/patients/${res.json().patientId}/intake`,
          headers: { cookie },
        });
        expect(intake.json().intake.medications).toEqual([{ code: "topical_retinoid", ongoing: true }]);
        // Her cold-sore history is signed off on her accepted plan: she is offered slots, none
        // before the 7-day retinoid washout ends (the clock stands at 2030-01-02 in New York).
        const slots = await app.inject({
          url: "/api/v1/clinics/demo/slots?service=microneedling&from=2030-01-02T00:00:00Z&to=2030-01-16T00:00:00Z",
          headers: { cookie },
        });
        const offered: { startsAt: string }[] = slots.json().slots;
        expect(slots.json().refusal).toBeNull();
        expect(offered.length).toBeGreaterThan(0);
        expect(offered.every((slot) => slot.startsAt >= "2030-01-09T05:00:00Z")).toBe(true);
      }
      if (role === "provider") expect(res.json().providerId).toEqual(expect.any(String));
    }
  });

  it("refuses the demo sign-ins when the server runs in production", async () => {
    const production = testApp(db.store, { config: loadConfig({ NODE_ENV: "production" }) });
    try {
      const res = await production.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: "admin@demo.test", password: DEMO_PASSWORD },
      });
      expectProblem(res, 403, "forbidden");
      expect(res.cookies).toEqual([]);
    } finally {
      await production.close();
    }
  });
});
