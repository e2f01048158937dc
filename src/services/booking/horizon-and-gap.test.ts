import { expect, it } from "vitest";
import { newTreatmentScene, PLAIN_INTAKE } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { CREATED_AT } from "../../../test/factories.js";
import { TOO_SOON_AFTER_PREVIOUS_SESSION } from "../../domain/protocol/codes.js";
import { defaultProtocol } from "../../domain/protocol/protocol-loader.js";
import { lastBookableDay } from "../../domain/scheduling/booking-horizon.js";
import { addDays, dayOfInstant } from "../../domain/time/calendar.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { insertPlan } from "../../store/plan.repository.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment } from "./book-appointment.service.js";
import { rescheduleBooking } from "./reschedule.service.js";
import { bookSeries } from "./series-booking.service.js";
import { findSlots } from "./slot-search.service.js";

const ZONE = "America/New_York";
/** 10:00 in New York (EDT in summer, EST in winter) on a day. */
const tenOn = (day: string) =>
  day >= "2030-03-10" && day < "2030-11-03" ? `${day}T14:00:00Z` : `${day}T15:00:00Z`;

describeEachDatabase("the clinic's booking horizon (policy.maxAdvanceDays) on every booking path", (ctx) => {
  it("slot search offers nothing after the last bookable day", async () => {
    const s = await newTreatmentScene(ctx.store);
    const last = lastBookableDay(s.clinic, s.deps.clock.now().toString());
    const { slots } = await findSlots(s.deps, {
      clinicId: s.clinic.id,
      serviceCode: "microneedling",
      patientId: s.patient.id,
      from: `${addDays(last, -10)}T00:00:00Z`,
      to: `${addDays(last, 10)}T00:00:00Z`,
    });
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((slot) => dayOfInstant(slot.startsAt, ZONE) <= last)).toBe(true);
  });

  it("booking refuses a start after the last bookable day, naming it", async () => {
    const s = await newTreatmentScene(ctx.store);
    const last = lastBookableDay(s.clinic, s.deps.clock.now().toString());
    const request = { clinicId: s.clinic.id, patientId: s.patient.id, serviceCode: "microneedling" };
    // 2030-07-01 is a Monday, the day after the last bookable day of a 180-day horizon.
    expect(last).toBe("2030-06-30");
    const refusal = await refusalOf(bookAppointment(s.deps, { ...request, startsAt: tenOn("2030-07-01") }));
    expect(refusal).toMatchObject({ code: "too_far_ahead", details: { lastBookableOn: last } });
    const { booking } = await bookAppointment(s.deps, { ...request, startsAt: tenOn("2030-06-28") });
    expect(booking.status).toBe("booked");
  });

  it("series booking refuses when the series cannot end by the last bookable day; nothing is booked", async () => {
    const s = await newTreatmentScene(ctx.store);
    const plan = await s.addPlan(s.patient.id);
    const base = { clinicId: s.clinic.id, patientId: s.patient.id, planId: plan.id };
    const tooLateToStart = await refusalOf(
      bookSeries(s.deps, { ...base, firstStartsAt: tenOn("2030-07-01") }),
    );
    expect(tooLateToStart).toMatchObject({
      code: "too_far_ahead",
      details: { lastBookableOn: "2030-06-30" },
    });
    // Three sessions at least minDays apart from 3 June end after 30 June.
    expect(addDays("2030-06-03", 2 * defaultProtocol.interval.minDays) > "2030-06-30").toBe(true);
    const tail = await refusalOf(bookSeries(s.deps, { ...base, firstStartsAt: tenOn("2030-06-03") }));
    expect(tail).toMatchObject({ code: "too_far_ahead", details: { lastBookableOn: "2030-06-30" } });
    expect(await listBookingsByPatient(ctx.store.db, s.patient.id)).toEqual([]);
  });

  it("rescheduling refuses a new start after the last bookable day", async () => {
    const s = await newTreatmentScene(ctx.store);
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: tenOn("2030-01-07"),
    });
    const refusal = await refusalOf(
      rescheduleBooking(s.deps, {
        clinicId: s.clinic.id,
        bookingId: booking.id,
        startsAt: tenOn("2030-07-01"),
      }),
    );
    expect(refusal).toMatchObject({ code: "too_far_ahead", details: { lastBookableOn: "2030-06-30" } });
    const [unchanged] = await listBookingsByPatient(ctx.store.db, s.patient.id);
    expect(unchanged?.startsAt).toBe(booking.startsAt);
  });
});

describeEachDatabase("one minimum gap for gating, series and the reschedule cascade", (ctx) => {
  const { minDays, overrideMinDays } = defaultProtocol.interval;

  async function sceneWithSeries(intervalOverride: boolean) {
    const s = await newTreatmentScene(ctx.store);
    const draft = await s.addPlan(s.patient.id);
    if (intervalOverride) {
      // The provider accepted the shorter gap on the patient's plan.
      await insertPlan(ctx.store.db, {
        patientId: s.patient.id,
        protocolVersion: draft.protocolVersion,
        intakeVersion: 1,
        data: draft.data,
        status: "accepted",
        overrides: [{ code: TOO_SOON_AFTER_PREVIOUS_SESSION, reason: "travel", by: "Dr. Ames" }],
        createdAt: CREATED_AT,
      });
    }
    const series = await bookSeries(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      planId: draft.id,
      firstStartsAt: tenOn("2030-01-07"),
      providerId: s.providers[0]?.id,
    });
    return { s, series };
  }

  it("without an override, moving session 1 closer than minDays to session 2 moves session 2 too", async () => {
    const { s, series } = await sceneWithSeries(false);
    const [first, second] = series.bookings;
    const secondDay = dayOfInstant(second?.startsAt ?? "", ZONE);
    // A day that leaves a gap between overrideMinDays and minDays before session 2.
    const newFirstDay = addDays(secondDay, -(overrideMinDays + 3)); // a Friday;
    expect(overrideMinDays + 3).toBeLessThan(minDays);
    const moved = await rescheduleBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: first?.id ?? "",
      startsAt: tenOn(newFirstDay),
    });
    expect(moved.alsoMoved.map((b) => b.id)).toContain(second?.id);
  });

  it("with the interval override accepted, the same move leaves session 2 where it is", async () => {
    const { s, series } = await sceneWithSeries(true);
    const [first, second] = series.bookings;
    const secondDay = dayOfInstant(second?.startsAt ?? "", ZONE);
    const newFirstDay = addDays(secondDay, -(overrideMinDays + 3)); // a Friday;
    const moved = await rescheduleBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: first?.id ?? "",
      startsAt: tenOn(newFirstDay),
    });
    expect(moved.booking.startsAt).toBe(tenOn(newFirstDay));
    expect(moved.alsoMoved).toEqual([]);
    const after = await listBookingsByPatient(ctx.store.db, s.patient.id);
    expect(after.find((b) => b.id === second?.id)?.startsAt).toBe(second?.startsAt);
  });

  it("the plain intake used here plans three sessions", () => {
    expect(defaultProtocol.series.sessionsBySeverity[PLAIN_INTAKE.concerns[0]?.severity ?? "moderate"]).toBe(
      3,
    );
  });
});
