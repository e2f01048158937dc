import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BusyCursor,
  clipIntervals,
  containsInterval,
  type Interval,
  normalizeIntervals,
  overlapsAny,
  subtractIntervals,
  widenIntervals,
} from "./intervals.js";

const iv = (start: number, end: number): Interval => ({ start, end });

/** Small integer intervals, possibly empty or reversed: the raw lists callers hand in. */
const rawList = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 15 }))
    .map(([start, length]) => iv(start, start + length)),
  { maxLength: 12 },
);

/** The unit cells [t, t+1) a list covers on 0 … 80: a brute-force model of a set. */
function cells(list: readonly Interval[]): boolean[] {
  return Array.from({ length: 80 }, (_, t) => list.some(({ start, end }) => start <= t && t + 1 <= end));
}

function isNormalized(list: readonly Interval[]): boolean {
  return list.every(
    (current, i) => current.start < current.end && (i === 0 || (list[i - 1] as Interval).end < current.start),
  );
}

describe("normalizeIntervals", () => {
  it.each([
    { name: "empty", input: [], expected: [] },
    { name: "sorts", input: [iv(5, 6), iv(1, 2)], expected: [iv(1, 2), iv(5, 6)] },
    { name: "merges overlaps", input: [iv(1, 4), iv(3, 6)], expected: [iv(1, 6)] },
    { name: "merges touching", input: [iv(1, 3), iv(3, 5)], expected: [iv(1, 5)] },
    { name: "swallows contained", input: [iv(1, 10), iv(2, 3), iv(4, 5)], expected: [iv(1, 10)] },
    { name: "drops empty and reversed", input: [iv(2, 2), iv(5, 3), iv(7, 8)], expected: [iv(7, 8)] },
  ])("$name", ({ input, expected }) => {
    expect(normalizeIntervals(input)).toEqual(expected);
  });

  it("does not modify its input", () => {
    const input = [iv(3, 6), iv(1, 4)];
    normalizeIntervals(input);
    expect(input).toEqual([iv(3, 6), iv(1, 4)]);
  });

  it("covers the same set, in normal form", () => {
    fc.assert(
      fc.property(rawList, (list) => {
        const normal = normalizeIntervals(list);
        expect(isNormalized(normal)).toBe(true);
        expect(cells(normal)).toEqual(cells(list));
      }),
    );
  });
});

describe("subtractIntervals", () => {
  it.each([
    { name: "nothing busy", free: [iv(0, 10)], busy: [], expected: [iv(0, 10)] },
    { name: "hole in the middle", free: [iv(0, 10)], busy: [iv(3, 5)], expected: [iv(0, 3), iv(5, 10)] },
    { name: "busy covers the start", free: [iv(2, 10)], busy: [iv(0, 4)], expected: [iv(4, 10)] },
    { name: "busy covers everything", free: [iv(2, 4), iv(6, 8)], busy: [iv(0, 10)], expected: [] },
    {
      name: "one busy spans two free",
      free: [iv(0, 4), iv(6, 10)],
      busy: [iv(3, 7)],
      expected: [iv(0, 3), iv(7, 10)],
    },
    {
      name: "touching busy removes nothing",
      free: [iv(4, 6)],
      busy: [iv(0, 4), iv(6, 9)],
      expected: [iv(4, 6)],
    },
  ])("$name", ({ free, busy, expected }) => {
    expect(subtractIntervals(free, busy)).toEqual(expected);
  });

  it("matches set difference", () => {
    fc.assert(
      fc.property(rawList, rawList, (rawFree, rawBusy) => {
        const free = normalizeIntervals(rawFree);
        const busy = normalizeIntervals(rawBusy);
        const result = subtractIntervals(free, busy);
        expect(isNormalized(result)).toBe(true);
        const [f, b] = [cells(free), cells(busy)];
        expect(cells(result)).toEqual(f.map((inFree, t) => inFree && !b[t]));
      }),
    );
  });
});

describe("clipIntervals and widenIntervals", () => {
  it("clips to the window", () => {
    expect(clipIntervals([iv(0, 5), iv(8, 12), iv(14, 20)], 3, 15)).toEqual([
      iv(3, 5),
      iv(8, 12),
      iv(14, 15),
    ]);
  });

  it("widens by different amounts on each side and merges what then meets", () => {
    expect(widenIntervals([iv(10, 20), iv(24, 30)], 2, 3)).toEqual([iv(8, 33)]);
    expect(widenIntervals([iv(10, 20), iv(30, 40)], 2, 3)).toEqual([iv(8, 23), iv(28, 43)]);
  });
});

describe("containsInterval, overlapsAny and BusyCursor", () => {
  const list = [iv(10, 20), iv(30, 40)];

  it.each([
    { start: 10, end: 20, contains: true, overlaps: true },
    { start: 12, end: 18, contains: true, overlaps: true },
    { start: 5, end: 10, contains: false, overlaps: false },
    { start: 5, end: 11, contains: false, overlaps: true },
    { start: 19, end: 31, contains: false, overlaps: true },
    { start: 20, end: 30, contains: false, overlaps: false },
    { start: 40, end: 50, contains: false, overlaps: false },
    { start: 15, end: 15, contains: false, overlaps: false },
  ])("[$start, $end)", ({ start, end, contains, overlaps }) => {
    expect(containsInterval(list, start, end)).toBe(contains);
    expect(overlapsAny(list, start, end)).toBe(overlaps);
    expect(new BusyCursor(list).overlaps(start, end)).toBe(overlaps);
  });

  it("agree with brute force, the cursor over non-decreasing queries", () => {
    const query = fc.tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 1, max: 10 }));
    fc.assert(
      fc.property(rawList, fc.array(query, { maxLength: 20 }), (raw, queries) => {
        const normal = normalizeIntervals(raw);
        const covered = cells(normal);
        const cursor = new BusyCursor(normal);
        for (const [start, length] of [...queries].sort((a, b) => a[0] - b[0])) {
          const span = covered.slice(start, start + length);
          expect(containsInterval(normal, start, start + length)).toBe(
            normal.some((i) => i.start <= start && start + length <= i.end),
          );
          expect(overlapsAny(normal, start, start + length)).toBe(span.some(Boolean));
          expect(cursor.overlaps(start, start + length)).toBe(span.some(Boolean));
        }
      }),
    );
  });
});
