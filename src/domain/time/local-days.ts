import { Temporal } from "temporal-polyfill";
import type { Weekday } from "../clinic/types.js";
import { DomainError } from "../errors.js";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 1440;

/**
 * The clinic-zone calendar days covering a stretch of time, with wall clock -> instant
 * conversion. All zone knowledge comes from Temporal; what this adds is economy.
 *
 * Converting a wall time costs the polyfill about 5 µs, and a month of 20 providers' hours
 * needs over a thousand conversions, which alone would eat the slot search's budget. So the
 * table asks Temporal once where the zone's offset transitions lie in the range. On a day
 * with no transition the offset is constant from midnight to midnight, so the wall time
 * `m` minutes after midnight is exactly `m` minutes after the day's first instant; that is
 * elapsed time, not an offset rule. Days that hold a transition (DST days, and zones whose
 * midnight is skipped) ask Temporal for every wall time, with `disambiguation: "compatible"`.
 */
export class LocalDays {
  /** Day `i` runs over `[starts[i], starts[i + 1])`; one entry longer than the day count. */
  readonly starts: readonly number[];
  /** ISO weekday of each day. */
  readonly weekdays: readonly Weekday[];
  private readonly firstDate: Temporal.PlainDate;
  /** Whether the zone's offset is the same through the whole day. */
  private readonly steady: readonly boolean[];
  private readonly converted = new Map<number, number>();

  private constructor(
    readonly timeZone: string,
    firstDate: Temporal.PlainDate,
    starts: number[],
    weekdays: Weekday[],
    steady: boolean[],
  ) {
    this.firstDate = firstDate;
    this.starts = starts;
    this.weekdays = weekdays;
    this.steady = steady;
  }

  /**
   * The days (in `timeZone`) that hold any instant of `[from, to)`, at least the day of `from`.
   * Throws `DomainError("invalid_input")` naming `path` for an unknown zone.
   */
  static cover(timeZone: string, from: number, to: number, path = "timeZone"): LocalDays {
    let first: Temporal.ZonedDateTime;
    try {
      first = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone).startOfDay();
    } catch (cause) {
      throw new DomainError(
        "invalid_input",
        `unknown time zone ${timeZone}`,
        { fields: [{ path, message: "expected an IANA time zone such as America/New_York" }] },
        { cause },
      );
    }
    const firstDate = first.toPlainDate();
    const transitionAtOrAfter = (at: number): number => {
      const next = Temporal.Instant.fromEpochMilliseconds(at - 1)
        .toZonedDateTimeISO(timeZone)
        .getTimeZoneTransition("next");
      return next === null ? Number.POSITIVE_INFINITY : next.epochMilliseconds;
    };

    const end = Math.max(to, from + 1);
    const starts = [first.epochMilliseconds];
    const weekdays: Weekday[] = [];
    const steady: boolean[] = [];
    let start = first.epochMilliseconds;
    let weekday = first.dayOfWeek as Weekday;
    // Invariant: `transition` is the first transition at or after `start`.
    let transition = transitionAtOrAfter(start);
    for (let day = 0; start < end; day++) {
      const next =
        transition > start + DAY_MS
          ? start + DAY_MS
          : firstDate.add({ days: day + 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
      steady.push(transition >= next);
      weekdays.push(weekday);
      starts.push(next);
      if (transition < next) transition = transitionAtOrAfter(next);
      start = next;
      weekday = ((weekday % 7) + 1) as Weekday;
    }
    return new LocalDays(timeZone, firstDate, starts, weekdays, steady);
  }

  get count(): number {
    return this.weekdays.length;
  }

  /** The calendar date of day `day`, `YYYY-MM-DD`. */
  date(day: number): string {
    return this.firstDate.add({ days: day }).toString();
  }

  /**
   * Epoch ms of the wall time `minuteOfDay` (0 … 1440; 1440 is the next midnight) on day
   * `day`. A wall time inside a spring-forward gap resolves as Temporal's "compatible" does:
   * pushed forward by the gap's length.
   */
  epochAt(day: number, minuteOfDay: number): number {
    if (minuteOfDay === MINUTES_PER_DAY) return this.starts[day + 1] as number;
    if (this.steady[day] === true) return (this.starts[day] as number) + minuteOfDay * MINUTE_MS;
    const key = day * MINUTES_PER_DAY + minuteOfDay;
    let epoch = this.converted.get(key);
    if (epoch === undefined) {
      epoch = this.firstDate
        .add({ days: day })
        .toPlainDateTime({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 })
        .toZonedDateTime(this.timeZone, { disambiguation: "compatible" }).epochMilliseconds;
      this.converted.set(key, epoch);
    }
    return epoch;
  }

  /** Index of the day holding the instant, or -1 outside the covered days. */
  dayOf(epochMilliseconds: number): number {
    const starts = this.starts;
    if (
      !(
        epochMilliseconds >= (starts[0] as number) &&
        epochMilliseconds < (starts[starts.length - 1] as number)
      )
    ) {
      return -1;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= epochMilliseconds) lo = mid;
      else hi = mid;
    }
    return lo;
  }
}
