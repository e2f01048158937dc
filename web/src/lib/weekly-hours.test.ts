import { describe, expect, it } from "vitest";
import { gridOf, hoursOf } from "./weekly-hours";

describe("weekly hours grid", () => {
  it("groups the API's list by weekday in time order and trims seconds", () => {
    const grid = gridOf([
      { weekday: 2, startTime: "14:00:00", endTime: "18:00:00" },
      { weekday: 2, startTime: "09:00", endTime: "12:00" },
      { weekday: 7, startTime: "10:00", endTime: "12:00" },
    ]);
    expect(grid[2]).toEqual([
      { startTime: "09:00", endTime: "12:00" },
      { startTime: "14:00", endTime: "18:00" },
    ]);
    expect(grid[7]).toEqual([{ startTime: "10:00", endTime: "12:00" }]);
    expect(grid[1]).toEqual([]);
  });

  it("turns the grid back into the same list, Monday first", () => {
    const list = [
      { weekday: 1 as const, startTime: "09:00", endTime: "17:00" },
      { weekday: 6 as const, startTime: "09:00", endTime: "14:00" },
    ];
    expect(hoursOf(gridOf(list))).toEqual({ weeklyHours: list, problems: {} });
  });

  it("names the day of a shift that ends before it starts, or of two that overlap", () => {
    const grid = gridOf([]);
    grid[3] = [{ startTime: "12:00", endTime: "09:00" }];
    grid[4] = [
      { startTime: "09:00", endTime: "13:00" },
      { startTime: "12:00", endTime: "17:00" },
    ];
    grid[5] = [{ startTime: "", endTime: "17:00" }];
    expect(hoursOf(grid).problems).toEqual({
      3: "A shift must end after it starts.",
      4: "Two shifts overlap.",
      5: "Give each shift a start and an end time.",
    });
  });

  it("lets back-to-back shifts touch", () => {
    const grid = gridOf([
      { weekday: 1, startTime: "09:00", endTime: "12:00" },
      { weekday: 1, startTime: "12:00", endTime: "15:00" },
    ]);
    expect(hoursOf(grid).problems).toEqual({});
  });
});
