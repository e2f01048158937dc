import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { writeICalendar } from "./ical-feed.js";
import { vtimezone } from "./vtimezone.js";

const STAMP = "2031-02-20T12:00:00Z";

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

describe("VTIMEZONE from the runtime's zone data", () => {
  it("lists each change of the years asked for, in the wall-clock time before it", () => {
    const text = vtimezone("America/New_York", { from: 2031, to: 2031 });
    expect(text).toContain(
      "BEGIN:DAYLIGHT\r\nDTSTART:20310309T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400",
    );
    expect(text).toContain(
      "BEGIN:STANDARD\r\nDTSTART:20311102T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500",
    );
  });

  it("gives a zone without changes one observance, and a southern zone its daylight time in January", () => {
    expect(vtimezone("UTC", { from: 2031, to: 2031 }).match(/BEGIN:STANDARD/g)).toHaveLength(1);
    const sydney = vtimezone("Australia/Sydney", { from: 2031, to: 2031 });
    expect(sydney).toContain("BEGIN:DAYLIGHT\r\nDTSTART:20310101T000000\r\nTZOFFSETFROM:+1100");
    expect(sydney).toContain(
      "BEGIN:STANDARD\r\nDTSTART:20310406T030000\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000",
    );
  });
});

describe("writing a feed", () => {
  const text = writeICalendar({
    name: "Clinic",
    stampedAt: STAMP,
    events: [
      {
        kind: "timed",
        uid: "session-1",
        startsAt: "2031-11-02T14:00:00Z", // 09:00 New York, the morning the clocks go back
        endsAt: "2031-11-02T15:00:00Z",
        timeZone: "America/New_York",
        summary: "Microneedling",
        location: "Clinic, 1 Main St",
      },
      {
        kind: "timed",
        uid: "session-2",
        startsAt: "2031-11-01T13:00:00Z",
        endsAt: "2031-11-01T14:00:00Z",
        timeZone: "America/New_York",
        summary: "Cancelled one",
        cancelled: true,
      },
      { kind: "all_day", uid: "prep-1", on: "2031-10-26", summary: "Stop tretinoin" },
    ],
  });

  it("writes timed events in their zone and reads back to the same instants", () => {
    const [session, cancelled] = parse(text);
    expect(text).toContain("DTSTART;TZID=America/New_York:20311102T090000");
    expect(session?.startDate.toJSDate().toISOString()).toBe("2031-11-02T14:00:00.000Z");
    expect(session?.endDate.toJSDate().toISOString()).toBe("2031-11-02T15:00:00.000Z");
    expect(cancelled?.component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });

  it("writes all-day events as dates, one day long", () => {
    const prep = parse(text)[2];
    expect(prep?.startDate.isDate).toBe(true);
    expect(prep?.startDate.toString()).toBe("2031-10-26");
    expect(prep?.endDate.toString()).toBe("2031-10-27");
  });

  it("names events with stable UIDs and stamps them with the given time, not the machine's", () => {
    expect(parse(text).map((e) => e.uid)).toEqual([
      "session-1@regimen",
      "session-2@regimen",
      "prep-1@regimen",
    ]);
    expect(text.match(/DTSTAMP:20310220T120000Z/g)).toHaveLength(3);
  });
});
