import { describe, expect, it } from "vitest";
import { monthGrid, shiftMonth } from "./month-grid";

describe("monthGrid", () => {
  // March 2027 starts on a Monday and has 31 days: five weeks, Monday first.
  const grid = monthGrid("2027-03", ["2027-03-10", "2027-03-10", "2027-03-02", "2027-04-01"], "2027-03-05");
  const days = grid.flat();

  it("covers whole weeks, Monday first, padding outside the month", () => {
    expect(grid).toHaveLength(5);
    expect(grid.every((week) => week.length === 7)).toBe(true);
    expect(days[0]).toMatchObject({ day: "2027-03-01", inMonth: true });
    expect(days.at(-1)).toMatchObject({ day: "2027-04-04", inMonth: false, available: false });
  });

  it("makes a day available only when it has a slot, is in the month and not before today", () => {
    const byDay = new Map(days.map((d) => [d.day, d]));
    expect(byDay.get("2027-03-10")).toMatchObject({ available: true, slotCount: 2 });
    expect(byDay.get("2027-03-02")).toMatchObject({ available: false, slotCount: 1 });
    expect(byDay.get("2027-03-11")).toMatchObject({ available: false, slotCount: 0 });
    expect(byDay.get("2027-03-05")).toMatchObject({ isToday: true, available: false });
    // A slot in the padding days of the next month is not counted in this month.
    expect(byDay.get("2027-04-01")).toMatchObject({ inMonth: false, slotCount: 0 });
  });

  it("pads a month starting on a Sunday with the six days before", () => {
    const august = monthGrid("2027-08", [], "2027-08-01");
    expect(august[0]?.slice(0, 6).every((d) => !d.inMonth)).toBe(true);
    expect(august[0]?.[6]).toMatchObject({ day: "2027-08-01", inMonth: true });
  });

  it("moves across years", () => {
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    expect(shiftMonth("2027-01", -1)).toBe("2026-12");
  });
});
