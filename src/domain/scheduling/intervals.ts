/**
 * Half-open interval arithmetic on epoch milliseconds. A "normalized" list is sorted by
 * start, holds no empty intervals, and no two of its intervals overlap or touch; because
 * of that its ends are sorted too, which is what lets the cursors below move only forward.
 */

/** `[start, end)` in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** Sorts (a copy), drops empty intervals, merges overlapping and touching ones. */
export function normalizeIntervals(intervals: readonly Interval[]): Interval[] {
  let sorted = true;
  for (let i = 1; i < intervals.length; i++) {
    if ((intervals[i] as Interval).start < (intervals[i - 1] as Interval).start) {
      sorted = false;
      break;
    }
  }
  // Callers usually hand in lists that are already in order; skip the sort then.
  const source = sorted ? intervals : [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  let last: Interval | undefined;
  for (const { start, end } of source) {
    if (!(end > start)) continue;
    if (last !== undefined && start <= last.end) {
      if (end > last.end) last.end = end;
    } else {
      last = { start, end };
      out.push(last);
    }
  }
  return out;
}

/** The parts of `free` not covered by `busy`; both normalized, and so is the result. */
export function subtractIntervals(free: readonly Interval[], busy: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let first = 0;
  for (const { start: freeStart, end } of free) {
    while (first < busy.length && (busy[first] as Interval).end <= freeStart) first++;
    let start = freeStart;
    for (let k = first; k < busy.length; k++) {
      const b = busy[k] as Interval;
      if (b.start >= end) break;
      if (b.start > start) out.push({ start, end: b.start });
      if (b.end > start) start = b.end;
      if (start >= end) break;
    }
    if (start < end) out.push({ start, end });
  }
  return out;
}

/** The parts of a normalized list that lie inside `[from, to)`. */
export function clipIntervals(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const { start, end } of intervals) {
    if (end <= from) continue;
    if (start >= to) break;
    out.push({ start: Math.max(start, from), end: Math.min(end, to) });
  }
  return out;
}

/**
 * Widens every interval by `before` at its start and `after` at its end, then normalizes.
 * A booked block [s, e) rules out every appointment [a, a + d) whose own buffered block
 * [a - bufferBefore, a + d + bufferAfter) overlaps it, i.e. every appointment that
 * overlaps [s - bufferAfter, e + bufferBefore): widening once spares a check per slot.
 */
export function widenIntervals(intervals: readonly Interval[], before: number, after: number): Interval[] {
  return normalizeIntervals(intervals.map(({ start, end }) => ({ start: start - before, end: end + after })));
}

/** Whether `[start, end)` lies inside one interval of a normalized list (binary search). */
export function containsInterval(free: readonly Interval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = free.length;
  // The last interval whose start is <= start is the only one that can contain [start, end).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((free[mid] as Interval).start <= start) lo = mid + 1;
    else hi = mid;
  }
  const candidate = free[lo - 1];
  return candidate !== undefined && end <= candidate.end && start < end;
}

/** Whether `[start, end)` overlaps any interval of a normalized list (binary search). */
export function overlapsAny(busy: readonly Interval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = busy.length;
  // First interval ending after start; ends are sorted in a normalized list.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((busy[mid] as Interval).end <= start) lo = mid + 1;
    else hi = mid;
  }
  const candidate = busy[lo];
  return candidate !== undefined && candidate.start < end && start < end;
}

/**
 * Answers "does [start, end) overlap the busy list?" for a run of queries whose `start`
 * never decreases, in amortised O(1) and without allocating: the pointer only moves forward.
 */
export class BusyCursor {
  private index = 0;

  constructor(private readonly busy: readonly Interval[]) {}

  overlaps(start: number, end: number): boolean {
    const busy = this.busy;
    let i = this.index;
    while (i < busy.length && (busy[i] as Interval).end <= start) i++;
    this.index = i;
    return i < busy.length && (busy[i] as Interval).start < end && start < end;
  }
}
