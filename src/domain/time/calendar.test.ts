import { describe, expect, it } from "vitest";
import { isCanonicalTimeZone, timeZoneProblem } from "./calendar.js";

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
