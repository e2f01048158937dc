import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { instantAtWallClock, wallClockAt } from "./wall-clock.js";

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

describe("instantAtWallClock", () => {
  const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "UTC"];

  it.each(zones)(
    "agrees with Temporal for every quarter hour of a year in %s, and declines only skipped or doubled times",
    (zone) => {
      const mismatches: string[] = [];
      let declined = 0;
      for (let day = Temporal.PlainDate.from("2026-01-01"); day.year === 2026; day = day.add({ days: 1 })) {
        for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
          const time = Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
          const wall = day.toPlainDateTime(time);
          const earlier = wall.toZonedDateTime(zone, { disambiguation: "earlier" });
          const later = wall.toZonedDateTime(zone, { disambiguation: "later" });
          // Temporal moves a skipped time forward; reading it back shows whether it exists once.
          const exactlyOnce =
            earlier.epochMilliseconds === later.epochMilliseconds && earlier.toPlainDateTime().equals(wall);
          const fast = instantAtWallClock(day.toString(), time.toString({ smallestUnit: "minute" }), zone);
          if (fast === undefined) declined++;
          if (exactlyOnce ? fast !== earlier.epochMilliseconds : fast !== undefined) {
            mismatches.push(wall.toString());
          }
        }
      }
      expect(mismatches).toEqual([]);
      // Only the hours around a DST change are left to Temporal (two changes a year, or none).
      expect(declined).toBeLessThanOrEqual(zone === "UTC" ? 0 : 12);
    },
  );

  it("leaves years before whole-minute offsets, and unreadable input, to Temporal", () => {
    expect(instantAtWallClock("1971-06-01", "09:00", "Africa/Monrovia")).toBeUndefined();
    expect(instantAtWallClock("2026-02-30", "09:00", "UTC")).toBeUndefined();
  });
});
