import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment } from "./book-appointment.service.js";
import { getDayCalendar } from "./calendar.service.js";
import { getPatientTimeline } from "./timeline.service.js";

describeEachDatabase("day calendar and patient timeline", (ctx) => {
  it("lists a clinic day by provider and by room, on the clinic's calendar", async () => {
    const s = await newTreatmentScene(ctx.store);
    const [alice] = s.providers;
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: "2030-01-07T21:00:00Z", // 16:00 in New York, 21:00 UTC: still the 7th locally
      providerId: alice?.id,
    });
    const day = await getDayCalendar(s.deps, s.clinic.id, "2030-01-07");
    const column = day.providers.find((p) => p.id === alice?.id);
    expect(column?.appointments).toEqual([
      expect.objectContaining({
        bookingId: booking.id,
        patientName: s.patient.name,
        service: "microneedling",
      }),
    ]);
    expect(day.rooms.flatMap((r) => r.appointments).map((a) => a.bookingId)).toEqual([booking.id]);
    expect(
      (await getDayCalendar(s.deps, s.clinic.id, "2030-01-08")).providers.flatMap((p) => p.appointments),
    ).toEqual([]);
    expect((await refusalOf(getDayCalendar(s.deps, s.clinic.id, "2030-02-30"))).code).toBe("invalid_input");
  });

  it("gives the patient a timeline with the booked session, its aftercare and the recall", async () => {
    const s = await newTreatmentScene(ctx.store);
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: "2030-01-07T15:00:00Z",
    });
    const timeline = await getPatientTimeline(s.deps, s.clinic.id, s.patient.id);
    expect(timeline.timeZone).toBe(s.patient.timeZone);
    const kinds = new Set(timeline.entries.map((e) => e.kind));
    expect(kinds).toEqual(new Set(["prep", "session", "aftercare", "expectation", "maintenance"]));
    expect(timeline.entries.find((e) => e.kind === "session")).toMatchObject({
      bookingId: booking.id,
      localStart: "2030-01-07T09:00", // the patient lives in Chicago
    });
  });
});
