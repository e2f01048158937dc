import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { placeSeries, type SeriesPlacementInput } from "./series-placement.js";
import type { Slot } from "./slot-search.js";
import { at, NEW_YORK } from "./test-support.js";

const START = Temporal.PlainDate.from("2026-02-02");
const dayOf = (offset: number) => START.add({ days: offset }).toString();

function slot(providerId: string, dayOffset: number, time = "09:00"): Slot {
  const startsAt = at(dayOf(dayOffset), time);
  const endsAt = Temporal.Instant.from(startsAt).add({ minutes: 60 }).toString();
  return { startsAt, endsAt, providerId, roomId: null, deviceIds: [] };
}

/** A provider's slots on every day of [from, to] (offsets from START). */
function days(providerId: string, from: number, to: number, time = "09:00"): Slot[] {
  return Array.from({ length: to - from + 1 }, (_, i) => slot(providerId, from + i, time));
}

const localDate = (slotValue: Slot) =>
  Temporal.Instant.from(slotValue.startsAt).toZonedDateTimeISO(NEW_YORK).toPlainDate();
const gaps = (plan: Slot[]) =>
  plan.slice(1).map((s, i) => localDate(plan[i] as Slot).until(localDate(s)).days);
const providersOf = (plan: Slot[] | null) => plan?.map((s) => s.providerId);

function series(candidates: Slot[][], options: Partial<SeriesPlacementInput> = {}): Slot[] | null {
  return placeSeries({
    candidates,
    timeZone: NEW_YORK,
    minIntervalDays: 14,
    maxIntervalDays: 28,
    ...options,
  });
}

describe("placeSeries", () => {
  it.each([
    { target: undefined, expected: [14, 14] },
    { target: 21, expected: [21, 21] },
    { target: 40, expected: [28, 28] },
    { target: 3, expected: [14, 14] },
  ])("gaps stay in [14, 28] and come as close to target $target as they can", ({ target, expected }) => {
    const everyDay = days("a", 0, 90);
    const plan = series(
      [everyDay, everyDay, everyDay],
      target === undefined ? {} : { targetIntervalDays: target },
    );
    expect(plan && gaps(plan)).toEqual(expected);
    expect(plan?.[0]?.startsAt).toBe(everyDay[0]?.startsAt);
  });

  it("keeps one provider when one can do the whole series, even if another is earlier", () => {
    const a = days("a", 0, 90);
    const b = [...days("b", 0, 10, "08:00"), ...days("b", 60, 70, "08:00")];
    const plan = series(
      [
        [...b, ...a],
        [...b, ...a],
        [...b, ...a],
      ],
      { targetIntervalDays: 21 },
    );
    expect(providersOf(plan)).toEqual(["a", "a", "a"]);
    expect(plan && gaps(plan)).toEqual([21, 21]);
  });

  it("prefers the preferred provider, and otherwise the earliest single provider", () => {
    const a = days("a", 0, 90, "09:00");
    const b = days("b", 0, 90, "08:00");
    const all = [...a, ...b];
    expect(providersOf(series([all, all, all]))).toEqual(["b", "b", "b"]);
    expect(providersOf(series([all, all, all], { preferProviderId: "a" }))).toEqual(["a", "a", "a"]);
    // The preference beats the target: a's gaps can only be 28, b's could be 21.
    const sparseA = [slot("a", 0), slot("a", 28), slot("a", 56)];
    const plan = series(
      [
        [...sparseA, ...b],
        [...sparseA, ...b],
        [...sparseA, ...b],
      ],
      {
        preferProviderId: "a",
        targetIntervalDays: 21,
      },
    );
    expect(plan).toEqual(sparseA);
  });

  it("mixes providers only when it must, with as few changes as it can", () => {
    const a = days("a", 0, 22);
    const b = days("b", 40, 70);
    const c = [slot("c", 0, "07:00")]; // earlier, but c then a then b would be two changes
    const all = [...c, ...a, ...b];
    const plan = series([all, all, all], { minIntervalDays: 20, maxIntervalDays: 25 });
    expect(providersOf(plan)).toEqual(["a", "a", "b"]);
    expect(plan && gaps(plan)).toEqual([20, 20]);
  });

  it("counts gaps in clinic-zone calendar days, across a DST change", () => {
    // 23:30 in New York is already the next day in UTC.
    const late = slot("a", 26, "23:30"); // 2026-02-28
    const twoWeeksOn = slot("a", 40, "09:00"); // 2026-03-14, 23 h days in between included
    const dayAfter = slot("a", 41, "00:30");
    expect(series([[late], [twoWeeksOn]], { minIntervalDays: 14, maxIntervalDays: 14 })).toEqual([
      late,
      twoWeeksOn,
    ]);
    expect(series([[late], [dayAfter]], { minIntervalDays: 14, maxIntervalDays: 14 })).toBeNull();
  });

  it("returns null when no combination fits, [] for no sessions", () => {
    expect(series([days("a", 0, 3), days("a", 5, 8)])).toBeNull();
    expect(series([days("a", 0, 3), []])).toBeNull();
    expect(series([days("a", 0, 3), days("a", 14, 20), days("a", 21, 27)])).toBeNull();
    expect(series([])).toEqual([]);
  });

  it.each([
    { minIntervalDays: 0, maxIntervalDays: 5 },
    { minIntervalDays: 10, maxIntervalDays: 5 },
    { minIntervalDays: 1.5, maxIntervalDays: 5 },
  ])("refuses bounds $minIntervalDays-$maxIntervalDays", (bounds) => {
    expect(() => series([days("a", 0, 3)], bounds)).toThrow(DomainError);
  });

  it("finds the same plan as trying every combination", () => {
    const candidate = fc
      .tuple(
        fc.constantFrom("a", "b", "c"),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom("08:00", "12:30", "23:30"),
      )
      .map(([providerId, day, time]) => slot(providerId, day, time));
    const input = fc.record({
      candidates: fc.array(fc.array(candidate, { minLength: 1, maxLength: 7 }), {
        minLength: 1,
        maxLength: 3,
      }),
      minIntervalDays: fc.integer({ min: 1, max: 6 }),
      width: fc.integer({ min: 0, max: 8 }),
      targetIntervalDays: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
      preferProviderId: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
    });
    fc.assert(
      fc.property(input, ({ candidates, minIntervalDays, width, targetIntervalDays, preferProviderId }) => {
        const options: SeriesPlacementInput = {
          candidates,
          timeZone: NEW_YORK,
          minIntervalDays,
          maxIntervalDays: minIntervalDays + width,
          ...(targetIntervalDays === undefined ? {} : { targetIntervalDays }),
          ...(preferProviderId === undefined ? {} : { preferProviderId }),
        };
        expect(placeSeries(options)).toEqual(bruteForce(options));
      }),
      { numRuns: 300 },
    );
  });
});

/** Every combination, ranked by the documented order: cost, then earliest, then provider id. */
function bruteForce(input: SeriesPlacementInput): Slot[] | null {
  const { minIntervalDays: min, maxIntervalDays: max, targetIntervalDays: target, preferProviderId } = input;
  const rank = (plan: Slot[]): (number | string)[] => {
    const gapList = gaps(plan);
    const switches = plan.slice(1).filter((s, i) => s.providerId !== plan[i]?.providerId).length;
    const notPreferred =
      preferProviderId === undefined ? 0 : plan.filter((s) => s.providerId !== preferProviderId).length;
    const deviation =
      target === undefined ? 0 : gapList.reduce((sum, gap) => sum + Math.abs(gap - target), 0);
    return [
      switches,
      notPreferred,
      deviation,
      ...plan.flatMap((s) => [Temporal.Instant.from(s.startsAt).epochMilliseconds, s.providerId]),
    ];
  };
  const compare = (x: (number | string)[], y: (number | string)[]) => {
    for (let i = 0; i < x.length; i++) {
      const [p, q] = [x[i] as number | string, y[i] as number | string];
      if (p !== q) return p < q ? -1 : 1;
    }
    return 0;
  };
  let best: { plan: Slot[]; key: (number | string)[] } | null = null;
  const walk = (plan: Slot[]) => {
    if (plan.length === input.candidates.length) {
      const key = rank(plan);
      if (best === null || compare(key, best.key) < 0) best = { plan, key };
      return;
    }
    for (const next of input.candidates[plan.length] ?? []) {
      const previous = plan.at(-1);
      if (previous !== undefined) {
        const gap = localDate(previous).until(localDate(next)).days;
        if (gap < min || gap > max) continue;
      }
      walk([...plan, next]);
    }
  };
  walk([]);
  return (best as { plan: Slot[] } | null)?.plan ?? null;
}
