import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { countdown, dayOf, monthBounds } from "./time";

describe("countdown", () => {
  const now = Temporal.Instant.from("2027-03-01T10:00:00Z");
  const later = (duration: Temporal.DurationLike) => now.add(duration).toString();

  it.each([
    [{ minutes: 20 }, "in 20 min"],
    [{ minutes: 61 }, "in 2 h"],
    [{ hours: 31 }, "in 31 h"],
    [{ hours: 47 }, "in 47 h"],
    [{ hours: 47, minutes: 59 }, "in 2 days"],
    [{ hours: 48, minutes: 1 }, "in 3 days"],
    [{ hours: 72 }, "in 3 days"],
  ])("says %o as %s", (duration, said) => {
    expect(countdown(later(duration), now)).toBe(said);
  });

  it("says now once the moment has passed", () => {
    expect(countdown(now.subtract({ minutes: 5 }).toString(), now)).toBe("now");
  });
});

describe("zones", () => {
  it("names the day an instant falls on in the viewer's zone", () => {
    expect(dayOf("2027-03-02T03:00:00Z", "America/New_York")).toBe("2027-03-01");
    expect(dayOf("2027-03-02T03:00:00Z", "Europe/Paris")).toBe("2027-03-02");
  });

  it("bounds a month at local midnight, across a DST change", () => {
    // New York moves to summer time on 14 March 2027: March starts at UTC-5, April at UTC-4.
    expect(monthBounds("2027-03", "America/New_York")).toEqual({
      from: "2027-03-01T05:00:00Z",
      to: "2027-04-01T04:00:00Z",
    });
  });
});
