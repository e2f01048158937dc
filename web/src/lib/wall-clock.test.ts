import { describe, expect, it } from "vitest";
import { instantOfWallClock, wallClockDate, wallClockDay, wallClockTime } from "./wall-clock";

describe("wall-clock times at the clinic", () => {
  it("reads a widget Date back as the clinic's day and time", () => {
    const date = wallClockDate("2030-01-07T09:45:00-05:00");
    expect(wallClockDay(date)).toBe("2030-01-07");
    expect(wallClockTime(date)).toBe("09:45");
  });

  it.each([
    ["a winter morning", "2030-01-07", "10:00", "2030-01-07T15:00:00Z"],
    ["a summer morning", "2030-07-08", "10:00", "2030-07-08T14:00:00Z"],
    ["a time skipped in spring, read after the jump", "2030-03-10", "02:30", "2030-03-10T07:30:00Z"],
    ["the repeated autumn hour, read the first time", "2030-11-03", "01:30", "2030-11-03T05:30:00Z"],
  ])("turns %s in New York into its instant", (_label, day, time, expected) => {
    expect(instantOfWallClock(day, time, "America/New_York")).toBe(expected);
  });
});
