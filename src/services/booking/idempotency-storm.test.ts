import { sql } from "kysely";
import { expect, it } from "vitest";
import { newTreatmentScene, SCENE_NOW } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { fixedClock } from "../../domain/time/clock.js";
import { openDatabase } from "../../store/database.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment } from "./book-appointment.service.js";

/** Monday 2030-01-07 10:00 in New York. */
const MONDAY_10 = "2030-01-07T15:00:00Z";

describeEachDatabase("one Idempotency-Key under load", (ctx) => {
  it("50 identical requests at once with one key: one booking, 49 replays of it, no error", {
    timeout: 60_000,
  }, async () => {
    const s = await newTreatmentScene(ctx.store);
    // A store of its own with a connection per request, so on PostgreSQL all 50 really overlap.
    const store = await openDatabase(ctx.url, {
      ...(ctx.schema ? { schema: ctx.schema } : {}),
      maxConnections: 50,
    });
    try {
      const deps = { store, clock: fixedClock(SCENE_NOW) };
      const request = {
        clinicId: s.clinic.id,
        patientId: s.patient.id,
        serviceCode: "microneedling",
        startsAt: MONDAY_10,
        idempotencyKey: "storm-1",
        accountId: "account-storm",
      };
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => bookAppointment(deps, request)),
      );
      const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
      expect(failures).toEqual([]);
      const answers = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
      expect(answers.filter((a) => a.replayed)).toHaveLength(49);
      expect(new Set(answers.map((a) => a.booking.id)).size).toBe(1);
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from booking where patient_id = ${s.patient.id}`.execute(store.db);
      expect(Number(rows[0]?.n)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("scopes a key to the account that sent it: another account's same key books anew, never replays", async () => {
    const s = await newTreatmentScene(ctx.store);
    const other = await s.addPatient();
    const key = { idempotencyKey: "same-key", clinicId: s.clinic.id, serviceCode: "microneedling" };
    const first = await bookAppointment(s.deps, {
      ...key,
      accountId: "account-a",
      patientId: s.patient.id,
      startsAt: MONDAY_10,
    });
    // The same key from account B is B's own: a new booking, not A's answer.
    const second = await bookAppointment(s.deps, {
      ...key,
      accountId: "account-b",
      patientId: other.id,
      startsAt: "2030-01-08T15:00:00Z",
    });
    expect(second.replayed).toBe(false);
    expect(second.booking.id).not.toBe(first.booking.id);
    expect(second.booking.patientId).toBe(other.id);
    // A's own repeat still replays A's answer; A reusing it for B's request is refused as a reuse.
    const again = await bookAppointment(s.deps, {
      ...key,
      accountId: "account-a",
      patientId: s.patient.id,
      startsAt: MONDAY_10,
    });
    expect(again).toMatchObject({ replayed: true, booking: { id: first.booking.id } });
    const reuse = await refusalOf(
      bookAppointment(s.deps, {
        ...key,
        accountId: "account-a",
        patientId: other.id,
        startsAt: "2030-01-08T15:00:00Z",
      }),
    );
    expect(reuse.code).toBe("idempotency_key_reused");
  });
});
