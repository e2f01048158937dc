import { randomUUID } from "node:crypto";
import { CompiledQuery, type Kysely } from "kysely";
import { expect, it } from "vitest";
import { newTreatmentScene, SCENE_NOW } from "../../../test/booking-scene.js";
import { describeEachDatabase, type TestDatabase } from "../../../test/databases.js";
import { fixedClock } from "../../domain/time/clock.js";
import { addMinutes } from "../../domain/time/instants.js";
import { toDbInstant } from "../../store/codec.js";
import { claimOutboxFollowUp, listUnprocessedOutboxEvents } from "../../store/outbox.repository.js";
import type { Database } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { findWaitlistEntryById, waitingEntriesForSlotQuery } from "../../store/waitlist.repository.js";
import { bookAppointment } from "./book-appointment.service.js";
import { cancelBooking, offerPendingFreedTime, recordCancellation } from "./cancel.service.js";
import { joinWaitlist } from "./waitlist.service.js";

const MONDAY_10 = "2030-01-07T15:00:00Z"; // 10:00 in New York
const WINDOW = { from: "2030-01-06T00:00:00Z", to: "2030-01-09T00:00:00Z" };
const IN_WASHOUT = {
  concerns: [{ code: "wrinkles" as const, severity: "mild" as const }],
  medications: [{ code: "isotretinoin" as const, lastTakenOn: "2029-12-01" }],
  recentProcedures: [],
  conditions: [],
};

/** A booked Monday slot, a patient in isotretinoin's washout and an eligible one waiting for it (in that order). */
async function sceneWithWaitlist(ctx: TestDatabase) {
  const s = await newTreatmentScene(ctx.store);
  const { booking } = await bookAppointment(s.deps, {
    clinicId: s.clinic.id,
    patientId: s.patient.id,
    serviceCode: "microneedling",
    startsAt: MONDAY_10,
  });
  const inWashout = await s.addPatient(IN_WASHOUT);
  const eligible = await s.addPatient();
  const join = (patientId: string) =>
    joinWaitlist(s.deps, { clinicId: s.clinic.id, patientId, serviceCode: "microneedling", ...WINDOW });
  return { s, booking, inWashout, eligible, join };
}

async function eventTypes(db: Kysely<Database>, clinicId: string) {
  return (await listUnprocessedOutboxEvents(db, { clinicId })).map((e) => e.type);
}

/** The query plan's text, on either dialect, with PostgreSQL told not to prefer a table scan. */
async function planOf(ctx: TestDatabase, query: { compile(): CompiledQuery }) {
  const { sql, parameters } = query.compile();
  if (ctx.dialect === "sqlite") {
    const result = await ctx.store.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]),
    );
    return result.rows.map((r) => r.detail).join("\n");
  }
  return ctx.store.db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
    const result = await trx.executeQuery<{ "QUERY PLAN": string }>(
      CompiledQuery.raw(`explain ${sql}`, [...parameters]),
    );
    return result.rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
}

describeEachDatabase("waitlist offers after the cancellation commits", (ctx) => {
  it("finds the right patient among 20,000 waiting entries through the window index", async () => {
    const { s, booking, inWashout, eligible } = await sceneWithWaitlist(ctx);
    const filler = await s.addPatient();
    const rows: Record<string, unknown>[] = [];
    let second = 0;
    const entry = (patientId: string, serviceId: string, from: string, to: string) => {
      second++;
      rows.push({
        id: randomUUID(),
        clinic_id: s.clinic.id,
        patient_id: patientId,
        service_id: serviceId,
        provider_id: null,
        from_at: toDbInstant(from),
        to_at: toDbInstant(to),
        status: "waiting",
        created_at: toDbInstant(addMinutes("2029-12-01T00:00:00Z", second)),
      });
      return rows.at(-1)?.id as string;
    };
    const microneedling = s.services.microneedling.id;
    // Oldest first: 19,000 wishes for February, 900 for another service, 50 of the patient who cancels.
    for (let i = 0; i < 19_000; i++)
      entry(filler.id, microneedling, "2030-02-01T00:00:00Z", "2030-02-20T00:00:00Z");
    for (let i = 0; i < 900; i++) entry(filler.id, s.services.rf.id, WINDOW.from, WINDOW.to);
    for (let i = 0; i < 50; i++) entry(s.patient.id, microneedling, WINDOW.from, WINDOW.to);
    const washoutEntry = entry(inWashout.id, microneedling, WINDOW.from, WINDOW.to);
    const eligibleEntry = entry(eligible.id, microneedling, WINDOW.from, WINDOW.to);
    for (let i = 0; i < 48; i++) entry(filler.id, microneedling, WINDOW.from, WINDOW.to);
    expect(rows).toHaveLength(20_000);
    await withWriteTransaction(ctx.store, async (trx) => {
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto("waitlist_entry")
          .values(rows.slice(i, i + 500) as never)
          .execute();
      }
    });
    if (ctx.dialect === "postgres")
      await ctx.store.db.executeQuery(CompiledQuery.raw("analyze waitlist_entry"));

    const result = await cancelBooking(s.deps, { clinicId: s.clinic.id, bookingId: booking.id });
    expect(result.booking.status).toBe("cancelled");
    // The patient in washout waited longer, but the offer never falls inside a washout.
    expect(result.offeredTo?.id).toBe(eligibleEntry);
    expect((await findWaitlistEntryById(ctx.store.db, s.clinic.id, washoutEntry))?.status).toBe("waiting");
    const events = await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: s.clinic.id });
    expect(events.map((e) => e.type)).toEqual(["booking.created", "booking.cancelled", "waitlist.offered"]);
    expect(events[2]?.payload).toMatchObject({ patientId: eligible.id, startsAt: MONDAY_10 });

    // The candidates are found through the window index, never by reading the whole waitlist.
    const plan = await planOf(
      ctx,
      waitingEntriesForSlotQuery(
        ctx.store.db,
        { ...booking, clinicId: s.clinic.id, freedBy: s.patient.id },
        { limit: 50 },
      ),
    );
    expect(plan).toContain("waitlist_entry_offer_scan");
  });

  it("an offer a crash left unmade after the cancellation committed is made by the recovery, once", async () => {
    const { s, booking, eligible, join } = await sceneWithWaitlist(ctx);
    const entry = await join(eligible.id);
    // The process dies right after the cancellation commits: the offer was never made.
    const { eventId } = await recordCancellation(s.deps, { clinicId: s.clinic.id, bookingId: booking.id });
    expect(eventId).not.toBeNull();
    expect(await eventTypes(ctx.store.db, s.clinic.id)).toEqual(["booking.created", "booking.cancelled"]);
    expect((await findWaitlistEntryById(ctx.store.db, s.clinic.id, entry.id))?.status).toBe("waiting");

    // Two instances recover at once: one offer between them.
    const [a, b] = await Promise.all([offerPendingFreedTime(s.deps), offerPendingFreedTime(s.deps)]);
    expect(a.offered + b.offered).toBe(1);
    expect(a.failed + b.failed).toBe(0);
    expect((await findWaitlistEntryById(ctx.store.db, s.clinic.id, entry.id))?.status).toBe("offered");
    expect(await offerPendingFreedTime(s.deps)).toEqual({ offered: 0, failed: 0 });
    expect(await eventTypes(ctx.store.db, s.clinic.id)).toEqual([
      "booking.created",
      "booking.cancelled",
      "waitlist.offered",
    ]);
    // A retried cancellation answers as before and offers nothing again.
    const again = await cancelBooking(s.deps, { clinicId: s.clinic.id, bookingId: booking.id });
    expect(again).toMatchObject({ booking: { status: "cancelled" }, offeredTo: null });
  });

  it("an offer whose claimant died mid-way waits until the claim runs out, then is made", async () => {
    const { s, booking, eligible, join } = await sceneWithWaitlist(ctx);
    const entry = await join(eligible.id);
    const { eventId } = await recordCancellation(s.deps, { clinicId: s.clinic.id, bookingId: booking.id });
    const claimed = await claimOutboxFollowUp(ctx.store.db, eventId ?? "", {
      claimant: "an instance that then died",
      now: SCENE_NOW,
      until: "2030-01-01T12:01:00Z",
    });
    expect(claimed).toBe(true);
    expect(await offerPendingFreedTime(s.deps)).toEqual({ offered: 0, failed: 0 });
    expect((await findWaitlistEntryById(ctx.store.db, s.clinic.id, entry.id))?.status).toBe("waiting");

    const later = { ...s.deps, clock: fixedClock("2030-01-01T12:01:00Z") };
    expect(await offerPendingFreedTime(later)).toEqual({ offered: 1, failed: 0 });
    expect((await findWaitlistEntryById(ctx.store.db, s.clinic.id, entry.id))?.status).toBe("offered");
  });

  it("offers nothing when the freed time was booked again before the offer", async () => {
    const { s, booking, eligible, join } = await sceneWithWaitlist(ctx);
    const entry = await join(eligible.id);
    await recordCancellation(s.deps, { clinicId: s.clinic.id, bookingId: booking.id });
    const other = await s.addPatient();
    await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: other.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
      providerId: booking.providerId,
    });
    expect(await offerPendingFreedTime(s.deps)).toEqual({ offered: 0, failed: 0 });
    expect((await findWaitlistEntryById(ctx.store.db, s.clinic.id, entry.id))?.status).toBe("waiting");
    // The follow-up is done: nothing is left pending for later sweeps.
    expect(await offerPendingFreedTime(s.deps)).toEqual({ offered: 0, failed: 0 });
  });
});
