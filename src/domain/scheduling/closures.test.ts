import { describe, expect, it } from "vitest";
import { closureInstants, closureOverlapping } from "./closures.js";
import { searchSlots } from "./slot-search.js";
import { at, buildProvider, buildSearch, localDay, NEW_YORK, weekly } from "./test-support.js";

/** Works every hour of every day, so only a closure makes a gap. */
const allDay = buildProvider({ id: "p-1", weeklyHours: weekly([1, 2, 3, 4, 5, 6, 7], "00:00", "24:00") });

function searchAround(firstDay: string, lastDay: string, closures: { firstDay: string; lastDay: string }[]) {
  return searchSlots(
    buildSearch(firstDay, {
      providers: [allDay],
      window: { from: localDay(firstDay).from, to: localDay(lastDay).to },
      closures,
      // Within the booking horizon of every window below.
      now: `${firstDay.slice(0, 4)}-01-01T00:00:00Z`,
    }),
  ).map((slot) => slot.startsAt);
}

describe("closures in the slot search", () => {
  it("offers nothing on a closed day, and everything on the days around it", () => {
    const open = searchAround("2030-12-31", "2031-01-02", []);
    const closed = searchAround("2030-12-31", "2031-01-02", [
      { firstDay: "2031-01-01", lastDay: "2031-01-01" },
    ]);
    const newYear = localDay("2031-01-01");
    // Every open slot but those whose hour overlaps New Year's Day.
    const hourLater = (s: string) => new Date(Date.parse(s) + 3_600_000).toISOString().replace(".000", "");
    expect(closed).toEqual(open.filter((s) => !(hourLater(s) > newYear.from && s < newYear.to)));
    // The last hour of New Year's Eve and the first of 2 January stay bookable.
    expect(closed).toContain(at("2030-12-31", "23:00"));
    expect(closed).toContain(at("2031-01-02", "00:00"));
    expect(closed).not.toContain(at("2030-12-31", "23:15"));
  });

  it("closes the whole 23-hour day of the March change, not an hour more or less", () => {
    const slots = searchAround("2026-03-07", "2026-03-09", [
      { firstDay: "2026-03-08", lastDay: "2026-03-08" },
    ]);
    expect(closureInstants({ firstDay: "2026-03-08", lastDay: "2026-03-08" }, NEW_YORK)).toEqual({
      startsAt: "2026-03-08T05:00:00Z",
      endsAt: "2026-03-09T04:00:00Z",
    });
    expect(slots.filter((s) => s >= "2026-03-08T05:00:00Z" && s < "2026-03-09T04:00:00Z")).toEqual([]);
    // 23:00 on the Saturday (EST) and 00:00 on the Monday (EDT) are the neighbours of the closure.
    expect(slots).toContain("2026-03-08T04:00:00Z");
    expect(slots).toContain("2026-03-09T04:00:00Z");
  });

  it("closes the whole 25-hour day of the November change", () => {
    const slots = searchAround("2026-10-31", "2026-11-02", [
      { firstDay: "2026-11-01", lastDay: "2026-11-01" },
    ]);
    expect(slots.filter((s) => s >= "2026-11-01T04:00:00Z" && s < "2026-11-02T05:00:00Z")).toEqual([]);
    expect(slots).toContain("2026-11-01T03:00:00Z");
    expect(slots).toContain("2026-11-02T05:00:00Z");
  });

  it("closes a range of days, and an appointment may not run into a closure", () => {
    const slots = searchAround("2030-12-23", "2030-12-27", [
      { firstDay: "2030-12-24", lastDay: "2030-12-26" },
    ]);
    expect(slots.some((s) => s >= localDay("2030-12-24").from && s < localDay("2030-12-26").to)).toBe(false);
    expect(slots).toContain(at("2030-12-27", "00:00"));
    // The 60-minute appointment at 23:15 on the 23rd would end inside the closure.
    expect(slots).toContain(at("2030-12-23", "23:00"));
    expect(slots).not.toContain(at("2030-12-23", "23:15"));
  });

  it("names the earliest closure an appointment overlaps, and none for one beside it", () => {
    const christmas = { firstDay: "2030-12-24", lastDay: "2030-12-26" };
    const closures = [{ firstDay: "2031-01-01", lastDay: "2031-01-01" }, christmas];
    const overlapping = (day: string, from: string, to: string) =>
      closureOverlapping(closures, NEW_YORK, at(day, from), at(day, to));
    expect(overlapping("2030-12-25", "10:00", "11:00")).toBe(christmas);
    expect(overlapping("2030-12-27", "10:00", "11:00")).toBeUndefined();
    // Ending at midnight touches the closure without overlapping it.
    expect(closureOverlapping(closures, NEW_YORK, at("2030-12-23", "23:00"), at("2030-12-24", "00:00"))).toBe(
      undefined,
    );
  });
});
