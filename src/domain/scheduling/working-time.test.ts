import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import type { Interval } from "./intervals.js";
import { at, buildException, buildProvider, localDay, NEW_YORK, weekly } from "./test-support.js";
import { parseWallTime, providerWorkingIntervals } from "./working-time.js";

const ms = (instant: string) => Temporal.Instant.from(instant).epochMilliseconds;
const iso = (epoch: number) => Temporal.Instant.fromEpochMilliseconds(epoch).toString();
const show = (list: Interval[]) => list.map(({ start, end }) => `${iso(start)}/${iso(end)}`);
const windowOf = (from: string, to: string) => ({ from: ms(from), to: ms(to) });
const dayWindow = (date: string) => {
  const { from, to } = localDay(date);
  return windowOf(from, to);
};

describe("parseWallTime", () => {
  it.each([
    ["00:00", 0],
    ["09:05", 545],
    ["23:59", 1439],
    ["24:00", 1440],
  ])("%s is minute %d", (text, minutes) => {
    expect(parseWallTime(text)).toBe(minutes);
  });

  it.each(["9:00", "24:01", "12:60", "0900", "09:00:00", ""])("refuses %j", (text) => {
    expect(() => parseWallTime(text, "weeklyHours[0].startTime")).toThrow(/weeklyHours\[0\]\.startTime/);
  });
});

describe("providerWorkingIntervals", () => {
  const mondays = buildProvider({ weeklyHours: weekly([1], "09:00", "17:00") });

  it.each([
    // The Monday before and after each 2026 change in New York: 09:00 local both times.
    { date: "2026-03-02", expected: ["2026-03-02T14:00:00Z/2026-03-02T22:00:00Z"] },
    { date: "2026-03-09", expected: ["2026-03-09T13:00:00Z/2026-03-09T21:00:00Z"] },
    { date: "2026-10-26", expected: ["2026-10-26T13:00:00Z/2026-10-26T21:00:00Z"] },
    { date: "2026-11-02", expected: ["2026-11-02T14:00:00Z/2026-11-02T22:00:00Z"] },
    { date: "2026-11-03", expected: [] },
  ])("Mondays 09:00-17:00 on $date", ({ date, expected }) => {
    expect(show(providerWorkingIntervals(mondays, [], NEW_YORK, dayWindow(date)))).toEqual(expected);
  });

  it("keeps 09:00 local across a window that spans the spring change", () => {
    const window = windowOf("2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z");
    expect(show(providerWorkingIntervals(mondays, [], NEW_YORK, window))).toEqual([
      "2026-03-02T14:00:00Z/2026-03-02T22:00:00Z",
      "2026-03-09T13:00:00Z/2026-03-09T21:00:00Z",
    ]);
  });

  it.each([
    // Sunday hours on the change days themselves: the day is 23 or 25 hours long.
    { date: "2026-03-08", start: "01:00", end: "05:00", hours: 3 },
    { date: "2026-11-01", start: "01:00", end: "05:00", hours: 5 },
    // A start in the spring-forward gap moves forward like Temporal's "compatible".
    { date: "2026-03-08", start: "02:30", end: "05:00", hours: 1.5 },
  ])("Sunday $start-$end on $date lasts $hours h", ({ date, start, end, hours }) => {
    const provider = buildProvider({ weeklyHours: weekly([7], start, end) });
    const [only, ...rest] = providerWorkingIntervals(provider, [], NEW_YORK, dayWindow(date));
    expect(rest).toEqual([]);
    expect(((only?.end ?? 0) - (only?.start ?? 0)) / 3_600_000).toBe(hours);
  });

  it("adds extra hours, merging them with adjacent weekly hours", () => {
    const provider = buildProvider({ weeklyHours: weekly([1], "09:00", "17:00") });
    const exceptions = [
      buildException(provider.id, "extra_hours", at("2026-03-02", "17:00"), at("2026-03-02", "19:00")),
      buildException(provider.id, "extra_hours", at("2026-03-07", "10:00"), at("2026-03-07", "14:00")), // a Saturday
    ];
    const window = windowOf(localDay("2026-03-02").from, localDay("2026-03-07").to);
    expect(show(providerWorkingIntervals(provider, exceptions, NEW_YORK, window))).toEqual([
      `${at("2026-03-02", "09:00")}/${at("2026-03-02", "19:00")}`,
      `${at("2026-03-07", "10:00")}/${at("2026-03-07", "14:00")}`,
    ]);
  });

  it("subtracts time off, including time off that covers extra hours, and ignores other providers", () => {
    const provider = buildProvider({ weeklyHours: weekly([1, 2], "09:00", "17:00") });
    const someoneElse = buildProvider();
    const exceptions = [
      buildException(provider.id, "time_off", at("2026-03-02", "12:00"), at("2026-03-02", "13:30")),
      buildException(provider.id, "time_off", at("2026-03-03", "00:00"), at("2026-03-04", "00:00")),
      buildException(provider.id, "extra_hours", at("2026-03-03", "18:00"), at("2026-03-03", "19:00")),
      buildException(someoneElse.id, "time_off", at("2026-03-02", "09:00"), at("2026-03-02", "17:00")),
    ];
    const window = windowOf(localDay("2026-03-02").from, localDay("2026-03-03").to);
    expect(show(providerWorkingIntervals(provider, exceptions, NEW_YORK, window))).toEqual([
      `${at("2026-03-02", "09:00")}/${at("2026-03-02", "12:00")}`,
      `${at("2026-03-02", "13:30")}/${at("2026-03-02", "17:00")}`,
    ]);
  });

  it("clips to the window and joins split shifts and overnight-to-midnight hours", () => {
    const provider = buildProvider({
      weeklyHours: [
        { weekday: 1, startTime: "13:00", endTime: "17:00" },
        { weekday: 1, startTime: "08:00", endTime: "12:00" },
        { weekday: 1, startTime: "20:00", endTime: "24:00" },
        { weekday: 2, startTime: "00:00", endTime: "02:00" },
      ],
    });
    const window = windowOf(at("2026-03-02", "10:00"), at("2026-03-03", "01:00"));
    expect(show(providerWorkingIntervals(provider, [], NEW_YORK, window))).toEqual([
      `${at("2026-03-02", "10:00")}/${at("2026-03-02", "12:00")}`,
      `${at("2026-03-02", "13:00")}/${at("2026-03-02", "17:00")}`,
      `${at("2026-03-02", "20:00")}/${at("2026-03-03", "01:00")}`,
    ]);
  });

  it("refuses hours that end before they start", () => {
    const provider = buildProvider({ weeklyHours: weekly([1], "17:00", "09:00") });
    expect(() => providerWorkingIntervals(provider, [], NEW_YORK, dayWindow("2026-03-02"))).toThrow(
      /ends before it starts/,
    );
  });
});
