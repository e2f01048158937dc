import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { TOO_SOON_AFTER_PREVIOUS_SESSION } from "../../domain/protocol/codes.js";
import { fixedClock } from "../../domain/time/clock.js";
import { listUnprocessedOutboxEvents } from "../../store/outbox.repository.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment } from "./book-appointment.service.js";
import { findSlots } from "./slot-search.service.js";

/** Monday 2030-01-07 10:00 in New York (EST, UTC-5). */
const MONDAY_10 = "2030-01-07T15:00:00Z";

/** The scene's patient books microneedling on Monday at 10 with an Idempotency-Key. */
function keyedBooking(s: Awaited<ReturnType<typeof newTreatmentScene>>, idempotencyKey: string) {
  return {
    clinicId: s.clinic.id,
    patientId: s.patient.id,
    serviceCode: "microneedling",
    startsAt: MONDAY_10,
    idempotencyKey,
  };
}

describeEachDatabase("booking one appointment", (ctx) => {
  it("books a free slot with a provider, a room, and an outbox event", async () => {
    const s = await newTreatmentScene(ctx.store);
    const { booking, replayed } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: "2030-01-07T10:00:00-05:00",
    });
    expect(replayed).toBe(false);
    expect(booking).toMatchObject({ startsAt: MONDAY_10, endsAt: "2030-01-07T16:00:00Z", status: "booked" });
    expect(booking.blockEndsAt).toBe("2030-01-07T16:15:00Z");
    expect(s.rooms.map((r) => r.id)).toContain(booking.roomId);
    const events = await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: s.clinic.id });
    expect(events.map((e) => [e.type, e.payload.bookingId])).toEqual([["booking.created", booking.id]]);
  });

  it("the same provider and time twice: the second is slot_taken; without a provider, the other one takes it", async () => {
    const s = await newTreatmentScene(ctx.store);
    const other = await s.addPatient();
    const [alice] = s.providers;
    const first = {
      clinicId: s.clinic.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
      providerId: alice?.id,
    };
    await bookAppointment(s.deps, { ...first, patientId: s.patient.id });
    expect((await refusalOf(bookAppointment(s.deps, { ...first, patientId: other.id }))).code).toBe(
      "slot_taken",
    );
    const { booking } = await bookAppointment(s.deps, {
      ...first,
      providerId: undefined,
      patientId: other.id,
    });
    expect(booking.providerId).toBe(s.providers[1]?.id);
  });

  it("never offers or books a slot inside a washout", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient({
      concerns: [{ code: "acne_scars", severity: "moderate" }],
      medications: [{ code: "topical_retinoid", ongoing: true }],
      recentProcedures: [],
      conditions: [],
    });
    // Today is 2030-01-01 in New York; stopping today, the first allowed day is 2030-01-08.
    const { slots } = await findSlots(s.deps, {
      clinicId: s.clinic.id,
      serviceCode: "microneedling",
      patientId: patient.id,
      from: "2030-01-02T00:00:00Z",
      to: "2030-01-12T00:00:00Z",
    });
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((slot) => slot.startsAt >= "2030-01-08T05:00:00Z")).toBe(true);
    const refusal = await refusalOf(
      bookAppointment(s.deps, {
        clinicId: s.clinic.id,
        patientId: patient.id,
        serviceCode: "microneedling",
        startsAt: MONDAY_10,
      }),
    );
    expect(refusal.code).toBe("washout_not_finished");
    expect(refusal.details.until).toBe("2030-01-08");
  });

  it("refuses a second session too soon after the first, and offers none", async () => {
    const s = await newTreatmentScene(ctx.store);
    const request = { clinicId: s.clinic.id, patientId: s.patient.id, serviceCode: "microneedling" };
    await bookAppointment(s.deps, { ...request, startsAt: MONDAY_10 });
    const refusal = await refusalOf(
      bookAppointment(s.deps, { ...request, startsAt: "2030-01-21T15:00:00Z" }),
    );
    expect(refusal.code).toBe(TOO_SOON_AFTER_PREVIOUS_SESSION);
    expect(refusal.details.until).toBe("2030-02-04");
    const { slots } = await findSlots(s.deps, {
      ...request,
      from: "2030-01-08T00:00:00Z",
      to: "2030-02-06T00:00:00Z",
    });
    expect(slots.every((slot) => slot.startsAt >= "2030-02-04T05:00:00Z")).toBe(true);
    expect(slots.length).toBeGreaterThan(0);
  });

  it.each([
    { conditions: ["pregnancy"], code: "contraindicated" },
    { conditions: ["active_acne"], code: "needs_provider_review" },
  ] as const)("$conditions.0: $code, and no slots offered", async ({ conditions, code }) => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient({
      concerns: [{ code: "wrinkles", severity: "mild" }],
      medications: [],
      recentProcedures: [],
      conditions: [...conditions],
    });
    const request = { clinicId: s.clinic.id, patientId: patient.id, serviceCode: "microneedling" };
    expect((await refusalOf(bookAppointment(s.deps, { ...request, startsAt: MONDAY_10 }))).code).toBe(code);
    const answer = await findSlots(s.deps, {
      ...request,
      from: "2030-01-02T00:00:00Z",
      to: "2030-01-12T00:00:00Z",
    });
    expect(answer.slots).toEqual([]);
    expect(answer.refusal?.code).toBe(code);
  });

  it("RF-only contraindications block the RF service, not plain microneedling", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient({
      concerns: [{ code: "loose_skin", severity: "moderate" }],
      medications: [],
      recentProcedures: [],
      conditions: ["electronic_implant"],
    });
    const request = { clinicId: s.clinic.id, patientId: patient.id, startsAt: MONDAY_10 };
    expect(
      (await refusalOf(bookAppointment(s.deps, { ...request, serviceCode: "rf_microneedling" }))).code,
    ).toBe("contraindicated");
    expect((await bookAppointment(s.deps, { ...request, serviceCode: "microneedling" })).booking.status).toBe(
      "booked",
    );
  });

  it("names the obstacle: hours, grid, device", async () => {
    const s = await newTreatmentScene(ctx.store);
    const request = { clinicId: s.clinic.id, patientId: s.patient.id, serviceCode: "microneedling" };
    const saturday = "2030-01-05T15:00:00Z";
    expect((await refusalOf(bookAppointment(s.deps, { ...request, startsAt: saturday }))).code).toBe(
      "outside_working_hours",
    );
    expect(
      (await refusalOf(bookAppointment(s.deps, { ...request, startsAt: "2030-01-07T15:07:00Z" }))).code,
    ).toBe("outside_working_hours");
    const other = await s.addPatient();
    await bookAppointment(s.deps, { ...request, serviceCode: "rf_microneedling", startsAt: MONDAY_10 });
    const refusal = await refusalOf(
      bookAppointment(s.deps, {
        ...request,
        patientId: other.id,
        serviceCode: "rf_microneedling",
        startsAt: MONDAY_10,
      }),
    );
    expect(refusal.code).toBe("resource_unavailable");
    const tooSoon = await refusalOf(
      bookAppointment(s.deps, { ...request, startsAt: "2030-01-01T13:00:00Z" }),
    );
    expect(tooSoon.code).toBe("invalid_input");
  });

  it("one patient is never in two places: a consultation during their session is refused", async () => {
    const s = await newTreatmentScene(ctx.store);
    const request = { clinicId: s.clinic.id, patientId: s.patient.id };
    await bookAppointment(s.deps, { ...request, serviceCode: "microneedling", startsAt: MONDAY_10 });
    const refusal = await refusalOf(
      bookAppointment(s.deps, { ...request, serviceCode: "consultation", startsAt: "2030-01-07T15:30:00Z" }),
    );
    expect(refusal.code).toBe("conflict");
  });

  it("a treatment needs an intake; a consultation does not", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient(null);
    const request = { clinicId: s.clinic.id, patientId: patient.id, startsAt: MONDAY_10 };
    expect(
      (await refusalOf(bookAppointment(s.deps, { ...request, serviceCode: "microneedling" }))).code,
    ).toBe("intake_missing");
    expect((await bookAppointment(s.deps, { ...request, serviceCode: "consultation" })).booking.status).toBe(
      "booked",
    );
  });

  it("an Idempotency-Key replays the same booking; another body with it is refused", async () => {
    const s = await newTreatmentScene(ctx.store);
    const request = keyedBooking(s, "k-1");
    const first = await bookAppointment(s.deps, request);
    const again = await bookAppointment(s.deps, request);
    expect(again).toEqual({ booking: first.booking, replayed: true });
    const refusal = await refusalOf(
      bookAppointment(s.deps, { ...request, startsAt: "2030-01-07T16:00:00Z" }),
    );
    expect(refusal.code).toBe("idempotency_key_reused");
  });

  it("a repeat replays its first answer even where the booking itself would now be refused", async () => {
    const s = await newTreatmentScene(ctx.store);
    const request = keyedBooking(s, "k-late");
    const first = await bookAppointment(s.deps, request);
    // A day after the appointment, a retry of the same request must not be told "in the past".
    const later = { ...s.deps, clock: fixedClock("2030-01-08T15:00:00Z") };
    expect(await bookAppointment(later, request)).toEqual({ booking: first.booking, replayed: true });
    // The same request under a new key is refused, as the late time deserves.
    const fresh = await refusalOf(bookAppointment(later, { ...request, idempotencyKey: "k-new" }));
    expect(fresh.details.fields).toEqual([
      { path: "startsAt", message: expect.stringContaining("from now") },
    ]);
  });

  it("refuses unknown services and patients of another clinic as not found", async () => {
    const s = await newTreatmentScene(ctx.store);
    const elsewhere = await newTreatmentScene(ctx.store);
    const request = {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    };
    expect((await refusalOf(bookAppointment(s.deps, { ...request, serviceCode: "facial" }))).code).toBe(
      "not_found",
    );
    expect(
      (await refusalOf(bookAppointment(s.deps, { ...request, patientId: elsewhere.patient.id }))).code,
    ).toBe("not_found");
  });

  it("refuses a window that is backwards or longer than 93 days, naming the field", async () => {
    const s = await newTreatmentScene(ctx.store);
    const query = { clinicId: s.clinic.id, serviceCode: "microneedling" };
    const backwards = await refusalOf(
      findSlots(s.deps, { ...query, from: "2030-02-01T00:00:00Z", to: "2030-01-01T00:00:00Z" }),
    );
    expect(backwards.details.fields).toEqual([{ path: "to", message: "must be after from" }]);
    const long = await refusalOf(
      findSlots(s.deps, { ...query, from: "2030-01-01T00:00:00Z", to: "2030-06-01T00:00:00Z" }),
    );
    expect(long.details.fields?.[0]?.path).toBe("to");
    const bad = await refusalOf(
      findSlots(s.deps, { ...query, from: "yesterday", to: "2030-06-01T00:00:00Z" }),
    );
    expect(bad.details.fields?.[0]?.path).toBe("from");
  });
});
