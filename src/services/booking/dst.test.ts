import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { CREATED_AT, newPatient } from "../../../test/factories.js";
import { saveIntake } from "../../store/intake.repository.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment } from "./book-appointment.service.js";
import { findSlots } from "./slot-search.service.js";

describeEachDatabase("time zones and DST in the booking engine", (ctx) => {
  it.each([
    {
      change: "March (spring forward, 2030-03-10)",
      before: "2030-03-08",
      after: "2030-03-11",
      utcBefore: "14:00",
      utcAfter: "13:00",
      now: "2030-01-01T12:00:00Z",
    },
    {
      change: "November (fall back, 2030-11-03)",
      before: "2030-11-01",
      after: "2030-11-04",
      utcBefore: "13:00",
      utcAfter: "14:00",
      // Within the clinic's booking horizon (policy.maxAdvanceDays) of the change.
      now: "2030-10-01T12:00:00Z",
    },
  ])(
    "a 09:00 opening stays 09:00 in New York across the $change change",
    async ({ before, after, utcBefore, utcAfter, now }) => {
      const s = await newTreatmentScene(ctx.store, { now });
      const first = async (day: string) => {
        const { slots } = await findSlots(s.deps, {
          clinicId: s.clinic.id,
          serviceCode: "microneedling",
          from: `${day}T00:00:00Z`,
          to: `${day}T23:59:00Z`,
          providerId: s.providers[0]?.id,
        });
        return slots[0]?.startsAt;
      };
      expect(await first(before)).toBe(`${before}T${utcBefore}:00Z`);
      expect(await first(after)).toBe(`${after}T${utcAfter}:00Z`);
    },
  );

  it("washout days count on the clinic's calendar, whatever the patient's own zone", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await newPatient(ctx.store, s.clinic.id, { timeZone: "Asia/Tokyo" });
    await saveIntake(
      ctx.store.db,
      patient.id,
      {
        concerns: [{ code: "wrinkles", severity: "moderate" }],
        medications: [{ code: "topical_retinoid", lastTakenOn: "2030-01-01" }],
        recentProcedures: [],
        conditions: [],
      },
      CREATED_AT,
    );
    const request = { clinicId: s.clinic.id, patientId: patient.id, serviceCode: "microneedling" };
    // 2030-01-08 09:00 in New York is already 23:00 on the 8th in Tokyo; the 7-day washout ends on
    // New York's 2030-01-08, so 09:00 that day is allowed and 16:00 the day before is not.
    expect(
      (await bookAppointment(s.deps, { ...request, startsAt: "2030-01-08T14:00:00Z" })).booking.status,
    ).toBe("booked");
    const refusal = await refusalOf(
      bookAppointment(s.deps, { ...request, startsAt: "2030-01-07T21:00:00Z" }),
    );
    expect(refusal).toMatchObject({ code: "washout_not_finished", details: { until: "2030-01-08" } });
  });
});
