import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { waitlistWindow } from "./waitlist-window";

const ZONE = "America/New_York";

describe("waitlistWindow", () => {
  it("starts now inside the current month and ends at its last midnight in the zone", () => {
    const now = Temporal.Instant.from("2030-01-15T17:00:00Z");
    expect(waitlistWindow("2030-01", ZONE, now)).toEqual({
      from: "2030-01-15T17:00:00Z",
      to: "2030-02-01T05:00:00Z",
      firstDay: "2030-01-15",
      lastDay: "2030-01-31",
    });
  });

  it("covers a later month whole, and nothing of a month that is over", () => {
    const now = Temporal.Instant.from("2030-01-15T17:00:00Z");
    expect(waitlistWindow("2030-03", ZONE, now)).toMatchObject({
      from: "2030-03-01T05:00:00Z",
      to: "2030-04-01T04:00:00Z",
      firstDay: "2030-03-01",
      lastDay: "2030-03-31",
    });
    expect(waitlistWindow("2029-12", ZONE, now)).toBeNull();
  });
});
