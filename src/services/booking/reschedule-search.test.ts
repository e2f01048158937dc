import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment } from "./book-appointment.service.js";
import { rescheduleBooking } from "./reschedule.service.js";
import { findSlots } from "./slot-search.service.js";

const MONDAY_10 = "2030-01-07T15:00:00Z"; // 10:00 in New York
const MONDAY_1015 = "2030-01-07T15:15:00Z";
const TUESDAY_10 = "2030-01-08T15:00:00Z";
const WEEK = { from: "2030-01-07T05:00:00Z", to: "2030-01-12T05:00:00Z" };

describeEachDatabase("searching times to move a booking to", (ctx) => {
  it("ignores the moved booking's own holds and spacing, and the move then books such a time", async () => {
    const s = await newTreatmentScene(ctx.store);
    await s.addPlan(s.patient.id);
    const [alice] = s.providers;
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
      providerId: alice?.id,
    });
    const search = (reschedulingBookingId?: string) =>
      findSlots(s.deps, {
        clinicId: s.clinic.id,
        serviceCode: "microneedling",
        ...WEEK,
        patientId: s.patient.id,
        providerId: alice?.id,
        reschedulingBookingId,
      });

    // As the patient stands, the booking blocks its own neighbours: Alice is busy at 10:15 and
    // the protocol's interval forbids a second session in the same week.
    const plain = (await search()).slots.map((slot) => slot.startsAt);
    expect(plain).not.toContain(MONDAY_1015);
    expect(plain).not.toContain(TUESDAY_10);

    const moving = (await search(booking.id)).slots.map((slot) => slot.startsAt);
    expect(moving).toContain(MONDAY_1015);
    expect(moving).toContain(TUESDAY_10);

    const moved = await rescheduleBooking(s.deps, {
      clinicId: s.clinic.id,
      bookingId: booking.id,
      startsAt: MONDAY_1015,
      providerId: alice?.id,
    });
    expect(moved.booking.startsAt).toBe(MONDAY_1015);
  });

  it("refuses to leave out a booking of another patient, as if it did not exist", async () => {
    const s = await newTreatmentScene(ctx.store);
    const other = await s.addPatient();
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: other.id,
      serviceCode: "consultation",
      startsAt: MONDAY_10,
    });
    const refusal = await refusalOf(
      findSlots(s.deps, {
        clinicId: s.clinic.id,
        serviceCode: "consultation",
        ...WEEK,
        patientId: s.patient.id,
        reschedulingBookingId: booking.id,
      }),
    );
    expect(refusal.code).toBe("not_found");
  });
});
