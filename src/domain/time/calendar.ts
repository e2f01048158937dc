import { Temporal } from "temporal-polyfill";

/**
 * Calendar days are `YYYY-MM-DD` strings with no zone: a day as a person in a given
 * zone names it. They compare correctly as strings, which keeps the rules readable.
 */
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: "reject" });
    return true;
  } catch {
    return false;
  }
}

export function addDays(day: string, days: number): string {
  return Temporal.PlainDate.from(day).add({ days }).toString();
}

export function addMonths(day: string, months: number): string {
  // Temporal clamps 31 Jan + 1 month to 28/29 Feb, which is what a person expects.
  return Temporal.PlainDate.from(day).add({ months }).toString();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: "days" }).days;
}

export function laterDay(a: string, b: string): string {
  return a >= b ? a : b;
}

export function isTimeZone(value: string): boolean {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(value);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day an instant falls on in a zone. */
export function dayOfInstant(instant: Temporal.Instant | string, timeZone: string): string {
  const value = typeof instant === "string" ? Temporal.Instant.from(instant) : instant;
  return value.toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** The first instant of a calendar day in a zone (midnight, or the first valid time after a gap). */
export function startOfDay(day: string, timeZone: string): Temporal.Instant {
  return Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).toInstant();
}
