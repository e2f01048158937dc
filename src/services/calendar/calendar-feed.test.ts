import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../domain/booking/timeline.js";
import type { Clinic, Service } from "../../domain/clinic/types.js";
import { patientEvents } from "./calendar-feed.service.js";

const clinic = {
  id: "c1",
  slug: "glow",
  name: "Glow",
  timeZone: "America/New_York",
  address: "1 Main St",
  phone: null,
} as unknown as Clinic;
const services = [{ code: "microneedling", name: "Microneedling" }] as unknown as Service[];
const context = { clinic, services, patientId: "p1", patientTimeZone: "Europe/London" };

const session = (
  bookingId: string,
  status: "booked" | "completed" | "cancelled" | "no_show",
): TimelineEntry => ({
  kind: "session",
  bookingId,
  serviceCode: "microneedling",
  seriesNumber: 1,
  status,
  startsAt: "2031-03-03T15:00:00Z",
  endsAt: "2031-03-03T16:00:00Z",
  localStart: "2031-03-03T15:00",
});

const aftercare = (code: string, fromAt: string, toAt: string | null): TimelineEntry => ({
  kind: "aftercare",
  code,
  text: `${code}.`,
  fromAt,
  toAt,
  localFrom: fromAt,
  localTo: toAt,
  forBookingId: "b1",
});

describe("a patient's timeline as calendar events", () => {
  it("times sessions in the clinic's zone at the clinic; cancelled ones cancelled; no-shows left out", () => {
    const events = patientEvents(
      [session("b1", "booked"), session("b2", "cancelled"), session("b3", "no_show")],
      context,
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: "timed",
        uid: "session-b1",
        timeZone: "America/New_York",
        summary: "Microneedling at Glow",
        location: "Glow, 1 Main St",
        cancelled: false,
      }),
      expect.objectContaining({ uid: "session-b2", cancelled: true }),
    ]);
  });

  it("marks when a restriction ends or a permission starts, in the patient's zone; never-ending advice is no event", () => {
    const events = patientEvents(
      [
        session("b1", "completed"),
        aftercare("no_makeup", "2031-03-03T16:00:00Z", "2031-03-05T16:00:00Z"),
        aftercare("resume_acids", "2031-03-10T16:00:00Z", null),
        aftercare("hydrating_product", "2031-03-03T16:00:00Z", null),
      ],
      context,
    ).filter((e) => e.uid.startsWith("aftercare-"));
    expect(events).toEqual([
      {
        kind: "timed",
        uid: "aftercare-b1-no_makeup",
        startsAt: "2031-03-05T16:00:00Z",
        endsAt: "2031-03-05T16:30:00Z",
        timeZone: "Europe/London",
        summary: "Aftercare over: no_makeup.",
      },
      expect.objectContaining({
        uid: "aftercare-b1-resume_acids",
        startsAt: "2031-03-10T16:00:00Z",
        summary: "resume_acids.",
      }),
    ]);
  });

  it("puts prep and maintenance on their days, and keeps two entries of one rule apart", () => {
    const prep = (on: string): TimelineEntry => ({
      kind: "prep",
      session: 1,
      code: "stop_retinoid",
      on,
      text: "Stop your retinoid.",
      forBookingId: "b1",
    });
    const events = patientEvents(
      [
        prep("2031-02-24"),
        prep("2031-03-20"),
        { kind: "maintenance", on: "2031-09-03", everyMonths: 12, required: true },
      ],
      context,
    );
    expect(events.map((e) => [e.kind, e.uid, e.kind === "all_day" ? e.on : null])).toEqual([
      ["all_day", "prep-b1-stop_retinoid", "2031-02-24"],
      ["all_day", "prep-b1-stop_retinoid-2", "2031-03-20"],
      ["all_day", "maintenance-p1", "2031-09-03"],
    ]);
  });
});
