import { describe, expect, it } from "vitest";
import { bandOf, countTop, niceMax, pointX, ticks, valueToY } from "./chart-scale";

describe("chart scale", () => {
  it.each([
    [0, 1],
    [-3, 1],
    [Number.NaN, 1],
    [0.3, 0.5],
    [1, 1],
    [7, 10],
    [10, 10],
    [11, 20],
    [23, 25],
    [0.84, 1],
    [130, 200],
    [480, 500],
  ])("rounds %s up to %s", (max, top) => {
    expect(niceMax(max)).toBe(top);
  });

  it.each([
    [0, 4],
    [1, 4],
    [5, 8],
    [23, 28],
    [40, 52],
    [100, 100],
  ])("gives counts up to %s whole-number ticks, topping at %s", (max, top) => {
    expect(countTop(max)).toBe(top);
    expect(ticks(top).every(Number.isInteger)).toBe(true);
  });

  it("spreads ticks from zero to the top", () => {
    expect(ticks(10)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(ticks(1, 2)).toEqual([0, 0.5, 1]);
  });

  it("puts zero at the bottom and the top at zero pixels, clamping outliers", () => {
    expect(valueToY(0, 10, 100)).toBe(100);
    expect(valueToY(10, 10, 100)).toBe(0);
    expect(valueToY(2.5, 10, 100)).toBe(75);
    expect(valueToY(20, 10, 100)).toBe(0);
    expect(valueToY(-1, 10, 100)).toBe(100);
  });

  it("lays bars and points in equal bands", () => {
    expect(bandOf(0, 4, 400)).toEqual({ x: 12.5, width: 75 });
    expect(bandOf(3, 4, 400)).toEqual({ x: 312.5, width: 75 });
    expect(pointX(1, 4, 400)).toBe(150);
    expect(pointX(0, 0, 400)).toBe(200);
  });
});
