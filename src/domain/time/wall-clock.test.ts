import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { wallClockAt } from "./wall-clock.js";

/** What Temporal says, the reference the fast path must match. */
function temporalWallClock(ms: number, timeZone: string) {
  const local = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDateTime();
  const text = local.toString({ smallestUnit: "minute" });
  return { date: text.slice(0, 10), time: text.slice(11, 16) };
}

describe("wallClockAt", () => {
  const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"];

  it.each(zones)(
    "agrees with Temporal every 37 minutes through a year in %s (DST changes included)",
    (zone) => {
      const from = Date.parse("2026-01-01T00:00:00Z");
      const mismatches: string[] = [];
      for (let ms = from; ms < from + 366 * 86_400_000; ms += 37 * 60_000) {
        const fast = wallClockAt(ms, zone);
        const slow = temporalWallClock(ms, zone);
        if (fast?.date !== slow.date || fast.time !== slow.time) mismatches.push(new Date(ms).toISOString());
      }
      expect(mismatches).toEqual([]);
    },
  );

  it("reads midnight as 00:00, not 24:00", () => {
    expect(wallClockAt(Date.parse("2026-03-08T05:00:00Z"), "America/New_York")).toEqual({
      date: "2026-03-08",
      time: "00:00",
    });
  });

  it("refuses an unknown zone with a RangeError, as Temporal does", () => {
    expect(() => wallClockAt(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
