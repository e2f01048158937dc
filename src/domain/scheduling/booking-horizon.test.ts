import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { assertWithinHorizon, bookingHorizonEnd, lastBookableDay } from "./booking-horizon.js";
import { searchSlots } from "./slot-search.js";
import { buildPolicy, buildProvider, buildSearch, NEW_YORK, weekly } from "./test-support.js";

const clinic = (maxAdvanceDays: number) => ({ timeZone: NEW_YORK, policy: buildPolicy({ maxAdvanceDays }) });

describe("the booking horizon (policy.maxAdvanceDays)", () => {
  it("counts from today in the clinic's zone", () => {
    // 03:00Z on 2 March is still 1 March in New York.
    expect(lastBookableDay(clinic(10), "2026-03-02T03:00:00Z")).toBe("2026-03-11");
    expect(lastBookableDay(clinic(10), "2026-03-02T06:00:00Z")).toBe("2026-03-12");
    // Midnight in New York after the last bookable day (EDT from 8 March).
    expect(bookingHorizonEnd(clinic(10), "2026-03-02T06:00:00Z")).toBe("2026-03-13T04:00:00Z");
  });

  it("refuses a start after the last bookable day with too_far_ahead naming it", () => {
    const now = "2026-03-02T15:00:00Z";
    expect(() => assertWithinHorizon(clinic(10), now, "2026-03-12T23:59:00-04:00")).not.toThrow();
    try {
      assertWithinHorizon(clinic(10), now, "2026-03-13T00:00:00-04:00");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: "too_far_ahead", details: { lastBookableOn: "2026-03-12" } });
    }
  });

  it("slot search offers nothing after the last bookable day", () => {
    const provider = buildProvider({
      id: "p-1",
      weeklyHours: weekly([1, 2, 3, 4, 5, 6, 7], "09:00", "17:00"),
    });
    const search = buildSearch("2026-03-02", {
      providers: [provider],
      clinic: clinic(3),
      now: "2026-03-02T12:00:00Z",
      window: { from: "2026-03-02T00:00:00Z", to: "2026-03-12T00:00:00Z" },
    });
    const slots = searchSlots(search);
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.at(-1)?.startsAt).toBe("2026-03-05T21:00:00Z"); // 16:00 EST on 5 March, the last day
    expect(
      searchSlots({ ...search, window: { from: "2026-03-06T05:00:00Z", to: "2026-03-12T00:00:00Z" } }),
    ).toEqual([]);
  });
});
