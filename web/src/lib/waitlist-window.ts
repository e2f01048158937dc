import { Temporal } from "temporal-polyfill";
import { monthBounds } from "./time";

/**
 * The part of a month (`YYYY-MM`, in `timeZone`) a patient can still wait in: from now (the past
 * cannot free up) to the month's end. Null when the month is over. Days are for the sentence the
 * patient reads; instants are what the waitlist stores.
 */
export function waitlistWindow(
  month: string,
  timeZone: string,
  now: Temporal.Instant,
): { from: string; to: string; firstDay: string; lastDay: string } | null {
  const bounds = monthBounds(month, timeZone);
  const end = Temporal.Instant.from(bounds.to);
  if (Temporal.Instant.compare(now, end) >= 0) return null;
  const start = Temporal.Instant.from(bounds.from);
  const from = Temporal.Instant.compare(now, start) > 0 ? now : start;
  const dayOf = (at: Temporal.Instant) => at.toZonedDateTimeISO(timeZone).toPlainDate().toString();
  return {
    from: from.toString(),
    to: end.toString(),
    firstDay: dayOf(from),
    lastDay: dayOf(end.subtract({ nanoseconds: 1 })),
  };
}
