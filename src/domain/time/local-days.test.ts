import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { LocalDays } from "./local-days.js";

const ms = (instant: string) => Temporal.Instant.from(instant).epochMilliseconds;
const iso = (epoch: number) => Temporal.Instant.fromEpochMilliseconds(epoch).toString();

// Zones with DST at 02:00, at midnight (Santiago, Havana), by 30 minutes (Lord Howe), with
// odd offsets, moving rules (Casablanca), and none at all.
const ZONES = [
  "America/New_York",
  "Europe/London",
  "America/Santiago",
  "America/Havana",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/St_Johns",
  "Africa/Casablanca",
  "Asia/Kolkata",
  "UTC",
] as const;

describe("LocalDays", () => {
  it("covers the days holding [from, to), at least one", () => {
    const days = LocalDays.cover("America/New_York", ms("2026-03-07T12:00:00Z"), ms("2026-03-09T04:00:00Z"));
    expect([0, 1].map((d) => days.date(d))).toEqual(["2026-03-07", "2026-03-08"]);
    expect(days.count).toBe(2);
    expect(days.weekdays).toEqual([6, 7]);
    expect(LocalDays.cover("UTC", 0, 0).count).toBe(1);
  });

  it.each([
    // [zone, date, wall minute, expected instant]
    ["America/New_York", "2026-03-08", 9 * 60, "2026-03-08T13:00:00Z"],
    ["America/New_York", "2026-03-08", 2 * 60 + 30, "2026-03-08T07:30:00Z"], // gap: pushed to 03:30 EDT
    ["America/New_York", "2026-03-08", 24 * 60, "2026-03-09T04:00:00Z"],
    ["America/New_York", "2026-03-09", 9 * 60, "2026-03-09T13:00:00Z"],
    ["America/New_York", "2026-11-01", 60 + 30, "2026-11-01T05:30:00Z"], // repeated hour: the earlier
    ["America/New_York", "2026-11-01", 9 * 60, "2026-11-01T14:00:00Z"],
    ["America/New_York", "2026-11-02", 9 * 60, "2026-11-02T14:00:00Z"],
    ["America/Santiago", "2026-09-06", 0, "2026-09-06T04:00:00Z"], // midnight does not exist
    ["America/Santiago", "2026-09-06", 9 * 60, "2026-09-06T12:00:00Z"],
    ["Australia/Lord_Howe", "2026-10-04", 9 * 60, "2026-10-03T22:00:00Z"], // +11:00 after the half-hour change
  ])("%s %s minute %d is %s", (timeZone, date, minute, expected) => {
    const start = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds;
    const days = LocalDays.cover(timeZone, start - 3 * 86_400_000, start + 3 * 86_400_000);
    expect(iso(days.epochAt(days.dayOf(start), minute))).toBe(expected);
  });

  it("agrees with Temporal in every zone: day starts, dates, weekdays and wall times", () => {
    const from = ms("2020-01-01T00:00:00Z");
    const to = ms("2031-01-01T00:00:00Z");
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: from, max: to }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.nat(),
        fc.integer({ min: 0, max: 1439 }),
        (timeZone, start, span, pick, minute) => {
          const days = LocalDays.cover(timeZone, start, start + span);
          const day = pick % days.count;
          const date = Temporal.PlainDate.from(days.date(day));
          expect(days.starts[day]).toBe(date.toZonedDateTime({ timeZone }).epochMilliseconds);
          expect(days.weekdays[day]).toBe(date.dayOfWeek);
          const wall = date.toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 });
          const expected = wall.toZonedDateTime(timeZone, { disambiguation: "compatible" }).epochMilliseconds;
          expect(days.epochAt(day, minute)).toBe(expected);

          const inside = start + (pick % (span + 1));
          const localDate = Temporal.Instant.fromEpochMilliseconds(inside)
            .toZonedDateTimeISO(timeZone)
            .toPlainDate();
          expect(days.date(days.dayOf(inside))).toBe(localDate.toString());
        },
      ),
      { numRuns: 300 },
    );
  });

  it("says -1 outside the covered days", () => {
    const days = LocalDays.cover("UTC", ms("2026-01-01T10:00:00Z"), ms("2026-01-01T11:00:00Z"));
    expect(days.dayOf(ms("2025-12-31T23:59:59Z"))).toBe(-1);
    expect(days.dayOf(ms("2026-01-02T00:00:00Z"))).toBe(-1);
    expect(days.dayOf(ms("2026-01-01T23:59:59Z"))).toBe(0);
  });

  it("refuses an unknown zone", () => {
    expect(() => LocalDays.cover("Mars/Olympus_Mons", 0, 1)).toThrow(DomainError);
  });
});
