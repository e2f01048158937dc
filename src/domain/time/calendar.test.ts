import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  instantAtLocalTime,
  isCanonicalTimeZone,
  startOfDay,
  timeZoneProblem,
} from "./calendar.js";

describe("time zones", () => {
  it.each(["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Asia/Kolkata", "Europe/Kyiv", "UTC"])(
    "accepts the canonical %s",
    (zone) => {
      expect(isCanonicalTimeZone(zone)).toBe(true);
      expect(timeZoneProblem(zone)).toBeUndefined();
    },
  );

  it.each([
    // Aliases and abbreviations: the canonical zone is known, so the message names it.
    ["US/Eastern", '"US/Eastern" is not a canonical time zone: use "America/New_York"'],
    ["EST", '"EST" is not a canonical time zone: use "America/New_York"'],
    ["pdt", '"pdt" is not a canonical time zone: use "America/Los_Angeles"'],
    ["EST5EDT", '"EST5EDT" is not a canonical time zone: use "America/New_York"'],
    ["america/new_york", '"america/new_york" is not a canonical time zone: use "America/New_York"'],
    ["Asia/Calcutta", '"Asia/Calcutta" is not a canonical time zone: use "Asia/Kolkata"'],
    ["Europe/Kiev", '"Europe/Kiev" is not a canonical time zone: use "Europe/Kyiv"'],
    ["Etc/UTC", '"Etc/UTC" is not a canonical time zone: use "UTC"'],
    // Fixed offsets stand for many zones: no single suggestion.
    [
      "+05:00",
      '"+05:00" is a fixed offset, not a time zone (use a region\'s zone, such as America/New_York)',
    ],
    [
      "Etc/GMT+5",
      '"Etc/GMT+5" is a fixed offset, not a time zone (use a region\'s zone, such as America/New_York)',
    ],
    [
      "UTC-0300",
      '"UTC-0300" is a fixed offset, not a time zone (use a region\'s zone, such as America/New_York)',
    ],
    // Typos near one zone's name.
    ["America/New_Yrok", 'unknown time zone "America/New_Yrok" (did you mean "America/New_York"?)'],
    ["Europe/Londn", 'unknown time zone "Europe/Londn" (did you mean "Europe/London"?)'],
    ["Mars/Olympus", 'unknown time zone "Mars/Olympus" (an IANA name such as America/New_York)'],
    ["", "must not be empty"],
    ["x".repeat(65), "is not a time zone (an IANA name such as America/New_York)"],
  ])("refuses %j: %s", (zone, message) => {
    expect(isCanonicalTimeZone(zone)).toBe(false);
    expect(timeZoneProblem(zone)).toBe(message);
  });
});

describe("day arithmetic", () => {
  it("adds days and counts them as Temporal does, across leap years and month ends", () => {
    const mismatches: string[] = [];
    for (let day = Temporal.PlainDate.from("1999-12-01"); day.year < 2002; day = day.add({ days: 13 })) {
      for (const days of [-400, -31, -1, 0, 1, 28, 29, 366]) {
        const expected = day.add({ days }).toString();
        if (addDays(day.toString(), days) !== expected) mismatches.push(`${day} + ${days}`);
        if (daysBetween(day.toString(), expected) !== days) mismatches.push(`${day} .. ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(daysBetween("2100-02-28", "2100-03-01")).toBe(1);
  });

  it("refuses what is not a real day, as Temporal does", () => {
    expect(() => addDays("not a day", 1)).toThrow(RangeError);
    expect(() => daysBetween("2026-13-01", "2026-01-01")).toThrow(RangeError);
  });
});

describe("local times to instants", () => {
  it("puts midnight and 09:00 on a New York day, in winter and in summer", () => {
    expect(startOfDay("2026-01-15", "America/New_York")).toBe("2026-01-15T05:00:00Z");
    expect(instantAtLocalTime("2026-07-15", "09:00", "America/New_York")).toBe("2026-07-15T13:00:00Z");
  });

  it("moves a time skipped by a DST change forward, and takes the earlier of a doubled time", () => {
    // Santiago skips midnight in September; New York's 01:30 happens twice in November.
    expect(startOfDay("2026-09-06", "America/Santiago")).toBe(
      Temporal.PlainDate.from("2026-09-06")
        .toZonedDateTime({ timeZone: "America/Santiago" })
        .toInstant()
        .toString(),
    );
    expect(startOfDay("2026-09-06", "America/Santiago")).toBe("2026-09-06T04:00:00Z");
    expect(instantAtLocalTime("2026-11-01", "01:30", "America/New_York")).toBe("2026-11-01T05:30:00Z");
    expect(instantAtLocalTime("2026-03-08", "02:30", "America/New_York")).toBe("2026-03-08T07:30:00Z");
  });
});
