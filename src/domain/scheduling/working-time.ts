import type { HoursException, Provider } from "../clinic/types.js";
import { DomainError } from "../errors.js";
import { parseInstant } from "../time/instants.js";
import { LocalDays } from "../time/local-days.js";
import { clipIntervals, type Interval, normalizeIntervals, subtractIntervals } from "./intervals.js";

const WALL_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** Minutes after midnight of an `HH:MM` wall time; `24:00` (1440) closes a day at midnight. */
export function parseWallTime(value: string, path = "time"): number {
  const match = WALL_TIME.exec(value);
  if (match === null) {
    throw new DomainError("invalid_input", `${path} is not an HH:MM wall time`, {
      fields: [{ path, message: "expected HH:MM between 00:00 and 24:00" }],
    });
  }
  if (match[1] === undefined) return 1440;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** A provider's hours in epoch ms, each list normalized. */
export interface ProviderHours {
  /**
   * The openings: maximal stretches of weekly hours and extra hours, before time off.
   * Slot steps are counted from their starts, so time off or a booking never shifts the grid.
   */
  open: Interval[];
  /** `open` minus time off. */
  working: Interval[];
}

/**
 * Expands a provider's week over `days` and applies their exceptions; nothing is clipped.
 * Every extra-hours exception is kept, even one far outside `days`, because one that ends
 * where the weekly hours begin extends that opening, and so moves the slot grid's anchor,
 * wherever the search window happens to start.
 */
export function expandProviderHours(
  provider: Provider,
  exceptions: readonly HoursException[],
  days: LocalDays,
  /** Where the provider sits in the caller's input, for error paths. */
  path = "provider",
): ProviderHours {
  const byWeekday: { start: number; end: number }[][] = [[], [], [], [], [], [], [], []];
  provider.weeklyHours.forEach((hours, index) => {
    const at = `${path}.weeklyHours[${index}]`;
    const start = parseWallTime(hours.startTime, `${at}.startTime`);
    const end = parseWallTime(hours.endTime, `${at}.endTime`);
    if (!(end > start)) {
      throw new DomainError("invalid_input", `${at} ends before it starts`, {
        fields: [{ path: `${at}.endTime`, message: "must be after startTime" }],
        providerId: provider.id,
      });
    }
    byWeekday[hours.weekday]?.push({ start, end });
  });

  const open: Interval[] = [];
  const timeOff: Interval[] = [];
  for (let day = 0; day < days.count; day++) {
    for (const hours of byWeekday[days.weekdays[day] as number] ?? []) {
      open.push({ start: days.epochAt(day, hours.start), end: days.epochAt(day, hours.end) });
    }
  }
  exceptions.forEach((exception, index) => {
    if (exception.providerId !== provider.id) return;
    const start = parseInstant(exception.startsAt, `exceptions[${index}].startsAt`);
    const end = parseInstant(exception.endsAt, `exceptions[${index}].endsAt`);
    (exception.kind === "extra_hours" ? open : timeOff).push({ start, end });
  });

  const normalizedOpen = normalizeIntervals(open);
  return { open: normalizedOpen, working: subtractIntervals(normalizedOpen, normalizeIntervals(timeOff)) };
}

/**
 * When `provider` works within `[window.from, window.to)` (epoch ms): weekly hours expanded
 * day by day in the clinic zone, plus extra hours, minus time off. Normalized and clipped to
 * the window. A 09:00 opening is 09:00 local on both sides of a DST change; a wall time in
 * a spring-forward gap resolves as Temporal's `disambiguation: "compatible"` does.
 */
export function providerWorkingIntervals(
  provider: Provider,
  exceptions: readonly HoursException[],
  timeZone: string,
  window: { from: number; to: number },
): Interval[] {
  const days = LocalDays.cover(timeZone, window.from, window.to);
  const { working } = expandProviderHours(provider, exceptions, days);
  return clipIntervals(working, window.from, window.to);
}
