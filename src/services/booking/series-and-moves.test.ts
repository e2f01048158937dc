import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { TOO_SOON_AFTER_PREVIOUS_SESSION } from "../../domain/protocol/codes.js";
import { defaultProtocol } from "../../domain/protocol/protocol-loader.js";
import { dayOfInstant, daysBetween } from "../../domain/time/calendar.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { insertSignedConsent } from "../../store/consent.repository.js";
import { listUnprocessedOutboxEvents } from "../../store/outbox.repository.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment } from "./book-appointment.service.js";
import { cancelBooking } from "./cancel.service.js";
import { recordOutcome } from "./outcome.service.js";
import { rescheduleBooking } from "./reschedule.service.js";
import { bookSeries } from "./series-booking.service.js";
import { joinWaitlist } from "./waitlist.service.js";

const MONDAY_10 = "2030-01-07T15:00:00Z"; // 10:00 in New York
const day = (iso: string) => iso.slice(0, 10);
/** Whole days between two instants on New York's calendar (DST changes make some days 23 hours). */
const gapDays = (a: string, b: string) =>
  daysBetween(dayOfInstant(a, "America/New_York"), dayOfInstant(b, "America/New_York"));

describeEachDatabase("series, reschedule, cancel, waitlist", (ctx) => {
  it("books a whole series within the protocol's interval with one provider, all or nothing", async () => {
    const s = await newTreatmentScene(ctx.store);
    const plan = await s.addPlan(s.patient.id);
    const [alice] = s.providers;
    const result = await bookSeries(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      planId: plan.id,
      firstStartsAt: MONDAY_10,
      providerId: alice?.id,
    });
    expect(result.bookings).toHaveLength(3);
    expect(result.bookings.map((b) => b.seriesNumber)).toEqual([1, 2, 3]);
    expect(new Set(result.bookings.map((b) => b.providerId))).toEqual(new Set([alice?.id]));
    expect(result.bookings[0]?.startsAt).toBe(MONDAY_10);
    for (let i = 1; i < 3; i++) {
      const gap = Math.round(
        gapDays(result.bookings[i - 1]?.startsAt ?? "", result.bookings[i]?.startsAt ?? ""),
      );
      expect(gap).toBeGreaterThanOrEqual(defaultProtocol.interval.minDays);
      expect(gap).toBeLessThanOrEqual(defaultProtocol.interval.targetMaxDays);
    }
    expect(
      (
        await refusalOf(
          bookSeries(s.deps, {
            clinicId: s.clinic.id,
            patientId: s.patient.id,
            planId: plan.id,
            firstStartsAt: "2030-03-04T15:00:00Z",
          }),
        )
      ).code,
    ).toBe("conflict");
  });

  it("a series that cannot be placed books nothing", async () => {
    const s = await newTreatmentScene(ctx.store);
    const plan = await s.addPlan(s.patient.id);
    // Both providers take the whole of weeks 5-11 off: no second session can fit.
    const { addHoursException } = await import("../../store/provider.repository.js");
    for (const provider of s.providers) {
      await addHoursException(ctx.store.db, {
        clinicId: s.clinic.id,
        providerId: provider.id,
        kind: "time_off",
        startsAt: "2030-02-01T00:00:00Z",
        endsAt: "2030-03-25T00:00:00Z",
      });
    }
    const refusal = await refusalOf(
      bookSeries(s.deps, {
        clinicId: s.clinic.id,
        patientId: s.patient.id,
        planId: plan.id,
        firstStartsAt: MONDAY_10,
      }),
    );
    expect(refusal.code).toBe("resource_unavailable");
    expect(await listBookingsByPatient(ctx.store.db, s.patient.id)).toEqual([]);
  });

  it("series refuse like single bookings: washouts name the first allowed day", async () => {
    const s = await newTreatmentScene(ctx.store);
    const intake = {
      concerns: [{ code: "wrinkles" as const, severity: "moderate" as const }],
      medications: [{ code: "topical_retinoid" as const, ongoing: true as const }],
      recentProcedures: [],
      conditions: [],
    };
    const patient = await s.addPatient(intake);
    const plan = await s.addPlan(patient.id, intake);
    const refusal = await refusalOf(
      bookSeries(s.deps, {
        clinicId: s.clinic.id,
        patientId: patient.id,
        planId: plan.id,
        firstStartsAt: "2030-01-03T15:00:00Z",
      }),
    );
    expect(refusal).toMatchObject({ code: "washout_not_finished", details: { until: "2030-01-08" } });
  });

  it("moving session 1 later pushes the sessions that would come too soon, keeping their time of day", async () => {
    const s = await newTreatmentScene(ctx.store);
    const plan = await s.addPlan(s.patient.id);
    const series = await bookSeries(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      planId: plan.id,
      firstStartsAt: MONDAY_10,
      providerId: s.providers[0]?.id,
    });
    const [first, second, third] = series.bookings;
    const moved = await rescheduleBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: first?.id ?? "",
      startsAt: "2030-01-17T15:00:00Z",
    });
    expect(moved.booking.startsAt).toBe("2030-01-17T15:00:00Z");
    expect(moved.alsoMoved.map((b) => b.id)).toContain(second?.id);
    const all = (await listBookingsByPatient(ctx.store.db, s.patient.id)).filter(
      (b) => b.status === "booked",
    );
    const starts = all.map((b) => b.startsAt).sort();
    expect(starts[0]).toBe("2030-01-17T15:00:00Z");
    expect(gapDays(starts[0] ?? "", starts[1] ?? "")).toBeGreaterThanOrEqual(
      defaultProtocol.interval.minDays,
    );
    expect(gapDays(starts[1] ?? "", starts[2] ?? "")).toBeGreaterThanOrEqual(
      defaultProtocol.interval.minDays,
    );
    const movedSecond = all.find((b) => b.id === second?.id);
    expect(movedSecond?.startsAt.slice(11)).toBe(second?.startsAt.slice(11));
    expect(all.find((b) => b.id === third?.id)).toBeDefined();
    const events = await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: s.clinic.id });
    expect(events.filter((e) => e.type === "booking.rescheduled").length).toBe(1 + moved.alsoMoved.length);
  });

  it("moving a later session too close to the one before is refused and nothing moves", async () => {
    const s = await newTreatmentScene(ctx.store);
    const plan = await s.addPlan(s.patient.id);
    const series = await bookSeries(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      planId: plan.id,
      firstStartsAt: MONDAY_10,
    });
    const second = series.bookings[1];
    const refusal = await refusalOf(
      rescheduleBooking(s.deps, {
        clinicId: s.clinic.id,
        bookingId: second?.id ?? "",
        startsAt: "2030-01-21T15:00:00Z",
      }),
    );
    expect(refusal.code).toBe(TOO_SOON_AFTER_PREVIOUS_SESSION);
    const after = await listBookingsByPatient(ctx.store.db, s.patient.id);
    expect(after.map((b) => b.startsAt).sort()).toEqual(series.bookings.map((b) => b.startsAt).sort());
  });

  it("a reschedule onto its own old time keeps working (its holds do not block it)", async () => {
    const s = await newTreatmentScene(ctx.store);
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    const moved = await rescheduleBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: booking.id,
      startsAt: "2030-01-07T15:30:00Z",
    });
    expect(moved.booking).toMatchObject({
      id: booking.id,
      startsAt: "2030-01-07T15:30:00Z",
      providerId: booking.providerId,
    });
  });

  it("cancels, flags late cancellations, and offers the freed slot to the first eligible waiting patient", async () => {
    const s = await newTreatmentScene(ctx.store);
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    const inWashout = await s.addPatient({
      concerns: [{ code: "wrinkles", severity: "mild" }],
      medications: [{ code: "isotretinoin", lastTakenOn: "2029-12-01" }],
      recentProcedures: [],
      conditions: [],
    });
    const eligible = await s.addPatient();
    const window = {
      clinicId: s.clinic.id,
      serviceCode: "microneedling",
      from: "2030-01-06T00:00:00Z",
      to: "2030-01-09T00:00:00Z",
    };
    await joinWaitlist(s.deps, { ...window, patientId: inWashout.id });
    const entry = await joinWaitlist(s.deps, { ...window, patientId: eligible.id });
    const result = await cancelBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: booking.id,
      reason: "flu",
    });
    expect(result.booking).toMatchObject({ status: "cancelled", lateCancel: false });
    expect(result.offeredTo?.id).toBe(entry.id);
    const events = await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: s.clinic.id });
    expect(events.map((e) => e.type)).toEqual(["booking.created", "booking.cancelled", "waitlist.offered"]);
    expect(events[2]?.payload).toMatchObject({ patientId: eligible.id, startsAt: MONDAY_10 });
    // The freed time is bookable again.
    const other = await s.addPatient();
    const again = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: other.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
      providerId: booking.providerId,
    });
    expect(again.booking.status).toBe("booked");
    expect(
      (await cancelBooking(s.deps, { clinicId: s.clinic.id, bookingId: booking.id })).booking.status,
    ).toBe("cancelled");
  });

  it("a cancellation inside the clinic's 24 hours is late", async () => {
    const s = await newTreatmentScene(ctx.store, { now: "2030-01-06T18:00:00Z" });
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    expect(
      (await cancelBooking(s.deps, { clinicId: s.clinic.id, bookingId: booking.id })).booking.lateCancel,
    ).toBe(true);
  });

  it("outcomes are recorded only once the appointment has started", async () => {
    const s = await newTreatmentScene(ctx.store);
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    expect(
      (
        await refusalOf(
          recordOutcome(s.deps, { clinicId: s.clinic.id, bookingId: booking.id, outcome: "no_show" }),
        )
      ).code,
    ).toBe("invalid_state");
    const later = { ...s.deps, clock: { now: () => s.deps.clock.now().add({ hours: 24 * 7 }) } };
    // A treatment is recorded as done only once the patient signed its consent.
    const complete = () =>
      recordOutcome(later, { clinicId: s.clinic.id, bookingId: booking.id, outcome: "completed" });
    expect((await refusalOf(complete())).code).toBe("consent_missing");
    await insertSignedConsent(ctx.store.db, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      kind: "microneedling",
      templateVersion: 1,
      typedName: "Pat",
      signedAt: "2030-01-01T12:00:00Z",
      ip: "127.0.0.1",
      userAgent: null,
    });
    expect((await complete()).status).toBe("completed");
    expect(
      (await refusalOf(cancelBooking(later, { clinicId: s.clinic.id, bookingId: booking.id }))).code,
    ).toBe("invalid_state");
    expect(day(booking.startsAt)).toBe("2030-01-07");
  });
});
