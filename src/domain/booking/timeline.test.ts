import { describe, expect, it } from "vitest";
import { defaultProtocol } from "../protocol/protocol-loader.js";
import { addMonths } from "../time/calendar.js";
import { buildTimeline, type TimelineInput, type TimelineSession } from "./timeline.js";

const session = (overrides: Partial<TimelineSession> = {}): TimelineSession => ({
  bookingId: "b1",
  serviceCode: "microneedling",
  addOn: null,
  isTreatment: true,
  startsAt: "2030-01-14T15:00:00Z", // 10:00 New York, 15:00 London
  endsAt: "2030-01-14T16:00:00Z",
  status: "booked",
  seriesNumber: 1,
  ...overrides,
});

const input = (overrides: Partial<TimelineInput> = {}): TimelineInput => ({
  protocol: defaultProtocol,
  intake: {
    concerns: [{ code: "wrinkles", severity: "moderate" }],
    medications: [{ code: "topical_retinoid", ongoing: true }],
    recentProcedures: [],
    conditions: [],
  },
  overrides: [],
  clinicTimeZone: "America/New_York",
  patientTimeZone: "Europe/London",
  now: "2030-01-01T12:00:00Z",
  sessions: [session()],
  ...overrides,
});

describe("patient timeline", () => {
  it("dates prep for the next session and recomputes it when the session moves", () => {
    const stopOn = (sessions: TimelineSession[]) =>
      buildTimeline(input({ sessions })).find((e) => e.kind === "prep" && e.code === "stop_topical_retinoid");
    expect(stopOn([session()])).toMatchObject({ on: "2030-01-07" });
    expect(
      stopOn([session({ startsAt: "2030-01-21T15:00:00Z", endsAt: "2030-01-21T16:00:00Z" })]),
    ).toMatchObject({
      on: "2030-01-14",
    });
  });

  it("prepares every booked session: the retinoid pauses before each and resumes after each", () => {
    const second = session({
      bookingId: "b2",
      startsAt: "2030-02-11T15:00:00Z",
      endsAt: "2030-02-11T16:00:00Z",
      seriesNumber: 2,
    });
    const pauses = buildTimeline(input({ sessions: [session(), second] }))
      .filter((e) => e.kind === "prep" && e.code.endsWith("_topical_retinoid"))
      .map((e) => (e.kind === "prep" ? `${e.code} ${e.on} #${e.session} ${e.forBookingId}` : ""));
    expect(pauses).toEqual([
      "stop_topical_retinoid 2030-01-07 #1 b1",
      "resume_topical_retinoid 2030-01-28 #1 b1",
      "stop_topical_retinoid 2030-02-04 #2 b2",
      "resume_topical_retinoid 2030-02-25 #2 b2",
    ]);
  });

  it("leaves out an override whose intake facts changed: prep is as if none was accepted", () => {
    const override = { code: "topical_retinoid", reason: "Checked in person.", by: "Dr. Ames" };
    const without = buildTimeline(input());
    const holding = buildTimeline(input({ overrides: [{ ...override, facts: "ongoing" }] }));
    expect(holding).not.toEqual(without);
    const lapsed = buildTimeline(input({ overrides: [{ ...override, facts: "last taken 2029-12-20" }] }));
    expect(lapsed).toEqual(without);
  });

  it("shows aftercare windows from the end of the session in the patient's own zone", () => {
    const noMakeup = buildTimeline(input()).find((e) => e.kind === "aftercare" && e.code === "no_makeup");
    expect(noMakeup).toMatchObject({
      fromAt: "2030-01-14T16:00:00Z",
      toAt: "2030-01-16T16:00:00Z",
      localFrom: "2030-01-14T16:00",
      localTo: "2030-01-16T16:00",
    });
  });

  it("expects redness 1-3 days after, healing within two weeks, and a recall six months on", () => {
    const entries = buildTimeline(input());
    expect(entries.find((e) => e.kind === "expectation" && e.code === "redness_swelling")).toMatchObject({
      on: "2030-01-15",
      until: "2030-01-17",
    });
    const { everyMonths } = defaultProtocol.maintenance;
    expect(entries.find((e) => e.kind === "maintenance")).toEqual({
      kind: "maintenance",
      on: addMonths("2030-01-14", everyMonths),
      everyMonths,
      required: true,
    });
  });

  it("maintenance is optional when every concern is corrective, as in the plan", () => {
    const entries = buildTimeline(
      input({
        intake: {
          concerns: [{ code: "acne_scars", severity: "moderate" }],
          medications: [],
          recentProcedures: [],
          conditions: [],
        },
      }),
    );
    expect(entries.find((e) => e.kind === "maintenance")).toMatchObject({ required: false });
  });

  it("cancelled sessions get no aftercare and no prep", () => {
    const entries = buildTimeline(input({ sessions: [session({ status: "cancelled" })] }));
    expect(entries.map((e) => e.kind)).toEqual(["session"]);
  });
});
