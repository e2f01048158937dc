import { Temporal } from "temporal-polyfill";

/** The browser's own zone: what a visitor sees before signing in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** "Tue 3 Mar, 10:30" in `timeZone`. */
export function formatInstant(iso: string, timeZone: string, locale?: string): string {
  const zoned = Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone);
  return zoned.toLocaleString(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** "10:30" in `timeZone`. */
export function formatTime(iso: string, timeZone: string, locale?: string): string {
  return Temporal.Instant.from(iso)
    .toZonedDateTimeISO(timeZone)
    .toLocaleString(locale, { hour: "2-digit", minute: "2-digit" });
}

/** "Tuesday 3 March 2026" for a calendar day `YYYY-MM-DD`. */
export function formatDay(day: string, locale?: string): string {
  return Temporal.PlainDate.from(day).toLocaleString(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  });
}

/** "Nov 9, 2026" for a calendar day `YYYY-MM-DD`: short enough for a chart's axis. */
export function shortDay(day: string, locale?: string): string {
  return Temporal.PlainDate.from(day).toLocaleString(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in `timeZone`. */
export function dayOf(iso: string, timeZone: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** Today in `timeZone`, from the given instant (the page's "now"). */
export function todayIn(timeZone: string, now: Temporal.Instant): string {
  return now.toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** The instants bounding a month `YYYY-MM` in `timeZone`: [first day 00:00, next month's first day 00:00). */
export function monthBounds(month: string, timeZone: string): { from: string; to: string } {
  const first = Temporal.PlainYearMonth.from(month).toPlainDate({ day: 1 });
  const next = first.add({ months: 1 });
  return {
    from: first.toZonedDateTime({ timeZone }).toInstant().toString(),
    to: next.toZonedDateTime({ timeZone }).toInstant().toString(),
  };
}

/**
 * How long until `at`, as people say it: "in 31 h", "in 2 days", "in 20 min"; "now" once passed.
 * Whole hours below two days, so an aftercare countdown moves visibly through the first days.
 */
export function countdown(at: string, now: Temporal.Instant): string {
  const minutes = Math.ceil(now.until(Temporal.Instant.from(at)).total({ unit: "minutes" }));
  if (minutes <= 0) return "now";
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.ceil(minutes / 60);
  if (hours < 48) return `in ${hours} h`;
  return `in ${Math.ceil(hours / 24)} days`;
}

/** Whether `at` has passed at `now`. */
export function hasPassed(at: string, now: Temporal.Instant): boolean {
  return Temporal.Instant.compare(Temporal.Instant.from(at), now) <= 0;
}
