import type { ClinicClosure } from "../clinic/types.js";
import { addDays, startOfDay } from "../time/calendar.js";
import type { LocalDays } from "../time/local-days.js";
import { type Interval, normalizeIntervals } from "./intervals.js";

/** The days of a closure, `YYYY-MM-DD` in the clinic's zone, both included. */
export type ClosedDays = Pick<ClinicClosure, "firstDay" | "lastDay">;

function closes(closures: readonly ClosedDays[], day: string): boolean {
  return closures.some((c) => c.firstDay <= day && day <= c.lastDay);
}

/**
 * The closed stretches among `days`, normalized: each closed day from its first instant to the
 * next day's, so a 23- or 25-hour day of a DST change is closed whole, and never an hour of the
 * day before or after.
 */
export function closedIntervals(closures: readonly ClosedDays[], days: LocalDays): Interval[] {
  if (closures.length === 0) return [];
  const closed: Interval[] = [];
  for (let day = 0; day < days.count; day++) {
    if (closes(closures, days.date(day))) {
      closed.push({ start: days.starts[day] as number, end: days.starts[day + 1] as number });
    }
  }
  return normalizeIntervals(closed);
}

/**
 * The UTC instants a closure covers: from the first instant of its first day to the first instant
 * of the day after its last, in `timeZone`.
 */
export function closureInstants(closure: ClosedDays, timeZone: string): { startsAt: string; endsAt: string } {
  return {
    startsAt: startOfDay(closure.firstDay, timeZone),
    endsAt: startOfDay(addDays(closure.lastDay, 1), timeZone),
  };
}

/** The first closure (by first day) that `[startsAt, endsAt)` overlaps, if any. */
export function closureOverlapping<T extends ClosedDays>(
  closures: readonly T[],
  timeZone: string,
  startsAt: string,
  endsAt: string,
): T | undefined {
  const from = Date.parse(startsAt);
  const to = Date.parse(endsAt);
  return [...closures]
    .sort((a, b) => (a.firstDay < b.firstDay ? -1 : a.firstDay > b.firstDay ? 1 : 0))
    .find((closure) => {
      const range = closureInstants(closure, timeZone);
      return Date.parse(range.startsAt) < to && from < Date.parse(range.endsAt);
    });
}
