import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment, bookAppointmentAs } from "./book-appointment.service.js";
import { cancelBooking } from "./cancel.service.js";
import { rescheduleBooking } from "./reschedule.service.js";
import { bookSeries } from "./series-booking.service.js";
import { joinWaitlist } from "./waitlist.service.js";

const MONDAY_10 = "2030-01-07T15:00:00Z"; // 10:00 in New York
const TUESDAY_10 = "2030-01-08T15:00:00Z";
const TUESDAY_14 = "2030-01-08T19:00:00Z";
const WEDNESDAY_10 = "2030-01-09T15:00:00Z";
/** Five weeks after MONDAY_10: past the protocol's interval, so only the cap can refuse it. */
const FIVE_WEEKS_LATER = "2030-02-11T15:00:00Z";

describeEachDatabase("per-patient caps and waitlist duplicates", (ctx) => {
  it("refuses a treatment booking past the cap, for the patient and for staff booking for them", async () => {
    const s = await newTreatmentScene(ctx.store, { caps: { maxFutureTreatmentBookings: 1 } });
    const book = (startsAt: string) =>
      bookAppointment(s.deps, {
        clinicId: s.clinic.id,
        patientId: s.patient.id,
        serviceCode: "microneedling",
        startsAt,
      });
    const { booking: first } = await book(MONDAY_10);
    expect(await refusalOf(book(FIVE_WEEKS_LATER))).toMatchObject({
      code: "limit_reached",
      details: { limit: "maxFutureTreatmentBookings", max: 1 },
    });
    const frontDesk: SessionPrincipal = {
      accountId: "front-desk",
      clinicId: s.clinic.id,
      clinicSlug: s.clinic.slug,
      email: "desk@clinic.test",
      name: "Desk",
      role: "front_desk",
      providerId: null,
      patientId: null,
    };
    const byStaff = bookAppointmentAs(s.deps, frontDesk, {
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: FIVE_WEEKS_LATER,
    });
    expect(await refusalOf(byStaff)).toMatchObject({ code: "limit_reached" });
    // A consultation is not a treatment: the treatment cap leaves it alone.
    await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "consultation",
      startsAt: TUESDAY_10,
    });
    // Cancelling frees the room under the cap; moving the one booking never counts against itself.
    await cancelBooking(s.deps, { clinicId: s.clinic.id, bookingId: first.id });
    const { booking: second } = await book(FIVE_WEEKS_LATER);
    const moved = await rescheduleBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: second.id,
      startsAt: "2030-02-12T15:00:00Z",
    });
    expect(moved.booking.startsAt).toBe("2030-02-12T15:00:00Z");
  });

  it("a series counts every session against the cap and books nothing past it", async () => {
    const tight = await newTreatmentScene(ctx.store, { caps: { maxFutureTreatmentBookings: 2 } });
    const plan = await tight.addPlan(tight.patient.id);
    const refusal = await refusalOf(
      bookSeries(tight.deps, {
        clinicId: tight.clinic.id,
        patientId: tight.patient.id,
        planId: plan.id,
        firstStartsAt: MONDAY_10,
      }),
    );
    expect(refusal).toMatchObject({
      code: "limit_reached",
      details: { limit: "maxFutureTreatmentBookings", max: 2 },
    });
    expect(await listBookingsByPatient(ctx.store.db, tight.patient.id)).toEqual([]);

    const roomy = await newTreatmentScene(ctx.store, { caps: { maxFutureTreatmentBookings: 3 } });
    const roomyPlan = await roomy.addPlan(roomy.patient.id);
    const series = await bookSeries(roomy.deps, {
      clinicId: roomy.clinic.id,
      patientId: roomy.patient.id,
      planId: roomyPlan.id,
      firstStartsAt: MONDAY_10,
    });
    expect(series.bookings).toHaveLength(3);
    const afterSeries = bookAppointment(roomy.deps, {
      clinicId: roomy.clinic.id,
      patientId: roomy.patient.id,
      serviceCode: "microneedling",
      startsAt: "2030-06-03T14:00:00Z",
    });
    expect(await refusalOf(afterSeries)).toMatchObject({
      code: "limit_reached",
      details: { limit: "maxFutureTreatmentBookings", max: 3 },
    });
  });

  it("allows one consultation per clinic day by default, booked or moved there", async () => {
    const s = await newTreatmentScene(ctx.store);
    expect(s.clinic.policy).toMatchObject({ maxConsultationsPerDay: 1, maxFutureTreatmentBookings: 6 });
    const consult = (startsAt: string) =>
      bookAppointment(s.deps, {
        clinicId: s.clinic.id,
        patientId: s.patient.id,
        serviceCode: "consultation",
        startsAt,
      });
    await consult(TUESDAY_10);
    expect(await refusalOf(consult(TUESDAY_14))).toMatchObject({
      code: "limit_reached",
      details: { limit: "maxConsultationsPerDay", max: 1, day: "2030-01-08" },
    });
    const { booking: wednesday } = await consult(WEDNESDAY_10);
    const move = rescheduleBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: wednesday.id,
      startsAt: TUESDAY_14,
    });
    expect(await refusalOf(move)).toMatchObject({ details: { limit: "maxConsultationsPerDay" } });
    // Another patient has their own count.
    const other = await s.addPatient();
    await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: other.id,
      serviceCode: "consultation",
      startsAt: TUESDAY_14,
    });
  });

  it("refuses a duplicate waitlist entry and one past the patient's cap", async () => {
    const s = await newTreatmentScene(ctx.store, { caps: { maxWaitlistEntries: 2 } });
    const join = (serviceCode: string, from: string, to: string, patientId = s.patient.id) =>
      joinWaitlist(s.deps, { clinicId: s.clinic.id, patientId, serviceCode, from, to });
    const first = await join("microneedling", "2030-01-06T00:00:00Z", "2030-01-09T00:00:00Z");
    expect(
      await refusalOf(join("microneedling", "2030-01-08T00:00:00Z", "2030-01-10T00:00:00Z")),
    ).toMatchObject({ code: "conflict", details: { waitlistEntryId: first.id } });
    // Touching windows do not overlap; another service is another wish.
    await join("microneedling", "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z");
    expect(
      await refusalOf(join("consultation", "2030-01-06T00:00:00Z", "2030-01-09T00:00:00Z")),
    ).toMatchObject({ code: "limit_reached", details: { limit: "maxWaitlistEntries", max: 2 } });
    const other = await s.addPatient();
    await join("microneedling", "2030-01-06T00:00:00Z", "2030-01-09T00:00:00Z", other.id);
  });
});
