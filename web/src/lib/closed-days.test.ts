import { describe, expect, it } from "vitest";
import { closedDaysIn } from "./closed-days";

describe("closedDaysIn", () => {
  it("lists only the closed days inside the shown week, both ends included, by day", () => {
    const closures = [
      { firstDay: "2030-12-31", lastDay: "2031-01-01", note: "New Year" },
      { firstDay: "2030-12-24", lastDay: "2030-12-26", note: null },
    ];
    expect(closedDaysIn("2030-12-25", "2030-12-31", closures)).toEqual([
      { day: "2030-12-25", note: null },
      { day: "2030-12-26", note: null },
      { day: "2030-12-31", note: "New Year" },
    ]);
  });

  it("is empty when no closure touches the range", () => {
    expect(
      closedDaysIn("2030-06-01", "2030-06-01", [
        { firstDay: "2030-06-02", lastDay: "2030-06-03", note: null },
      ]),
    ).toEqual([]);
  });
});
