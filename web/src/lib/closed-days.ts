import { Temporal } from "temporal-polyfill";

/**
 * Each clinic day from `first` to `last` (both included, `YYYY-MM-DD`) that a closure covers,
 * with the closure's note. Closures are whole clinic days, both ends included.
 */
export function closedDaysIn(
  first: string,
  last: string,
  closures: readonly { firstDay: string; lastDay: string; note: string | null }[],
): { day: string; note: string | null }[] {
  const from = Temporal.PlainDate.from(first);
  const to = Temporal.PlainDate.from(last);
  const days: { day: string; note: string | null }[] = [];
  for (const closure of closures) {
    let day = Temporal.PlainDate.from(closure.firstDay);
    if (Temporal.PlainDate.compare(day, from) < 0) day = from;
    const end = Temporal.PlainDate.from(closure.lastDay);
    while (Temporal.PlainDate.compare(day, end) <= 0 && Temporal.PlainDate.compare(day, to) <= 0) {
      days.push({ day: day.toString(), note: closure.note });
      day = day.add({ days: 1 });
    }
  }
  return days.sort((a, b) => a.day.localeCompare(b.day));
}
