import { Temporal } from "temporal-polyfill";

export interface GridDay {
  /** `YYYY-MM-DD` */
  day: string;
  /** 1–31 */
  dayOfMonth: number;
  inMonth: boolean;
  /** Days with no slot, or outside the month, or before today, cannot be picked. */
  available: boolean;
  slotCount: number;
  isToday: boolean;
}

/**
 * The weeks (Monday first) covering month `YYYY-MM`, each day marked with how many of
 * `slotDays` fall on it. `slotDays` holds one `YYYY-MM-DD` per slot, already in the viewer's zone.
 */
export function monthGrid(month: string, slotDays: readonly string[], today: string): GridDay[][] {
  const counts = new Map<string, number>();
  for (const day of slotDays) counts.set(day, (counts.get(day) ?? 0) + 1);
  const first = Temporal.PlainYearMonth.from(month).toPlainDate({ day: 1 });
  const start = first.subtract({ days: first.dayOfWeek - 1 });
  const last = first.add({ months: 1 }).subtract({ days: 1 });
  const end = last.add({ days: 7 - last.dayOfWeek });
  const weeks: GridDay[][] = [];
  for (let day = start; Temporal.PlainDate.compare(day, end) <= 0; day = day.add({ days: 7 })) {
    const week: GridDay[] = [];
    for (let i = 0; i < 7; i++) {
      const date = day.add({ days: i });
      const key = date.toString();
      const inMonth = date.month === first.month && date.year === first.year;
      const slotCount = inMonth ? (counts.get(key) ?? 0) : 0;
      week.push({
        day: key,
        dayOfMonth: date.day,
        inMonth,
        available: inMonth && slotCount > 0 && key >= today,
        slotCount,
        isToday: key === today,
      });
    }
    weeks.push(week);
  }
  return weeks;
}

/** The month `YYYY-MM` that is `delta` months from `month`. */
export function shiftMonth(month: string, delta: number): string {
  return Temporal.PlainYearMonth.from(month).add({ months: delta }).toString();
}

/** The month of a day `YYYY-MM-DD`. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}
