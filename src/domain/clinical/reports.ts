import { Temporal } from "temporal-polyfill";
import type { AlertSeverity } from "../checkins/check-in.js";
import { addDays, addMonths, dayOfInstant, daysBetween } from "../time/calendar.js";

/**
 * Clinic reports, computed from booking rows. Pure: the service reads the rows, these count.
 * Days and periods are the clinic's (its time zone); a week starts on Monday and is named by
 * that Monday (`2030-01-07`), a month by `2030-01`.
 */
export const REPORT_NAMES = [
  "attendance",
  "series-on-time",
  "maintenance-return",
  "recall-due",
  "alerts",
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
export type GroupBy = "week" | "month";

export interface ReportBooking {
  id: string;
  patientId: string;
  providerId: string;
  serviceCode: string;
  isTreatment: boolean;
  startsAt: string;
  status: "booked" | "completed" | "cancelled" | "no_show";
  lateCancel: boolean;
  seriesId: string | null;
}

export interface ReportTable {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ReportWindow {
  /** Clinic days, `from` included, `to` excluded. */
  fromDay: string;
  toDay: string;
  groupBy: GroupBy;
  timeZone: string;
}

export function periodOf(day: string, groupBy: GroupBy): string {
  if (groupBy === "month") return day.slice(0, 7);
  const date = Temporal.PlainDate.from(day);
  return addDays(day, 1 - date.dayOfWeek);
}

/** A share with three decimals, or null when nothing was counted. */
function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

function grouped<T>(items: readonly T[], periodOfItem: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = periodOfItem(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function inWindow(day: string, window: ReportWindow): boolean {
  return day >= window.fromDay && day < window.toDay;
}

/**
 * Appointments that were due to take place in each period: completed, missed (no-show) and
 * cancelled late; the no-show and late-cancel rates are shares of those. Early cancellations and
 * appointments still to come are not counted.
 */
export function attendanceReport(bookings: readonly ReportBooking[], window: ReportWindow): ReportTable {
  const due = bookings.filter(
    (b) =>
      inWindow(dayOfInstant(b.startsAt, window.timeZone), window) &&
      (b.status === "completed" || b.status === "no_show" || (b.status === "cancelled" && b.lateCancel)),
  );
  const rows = grouped(due, (b) => periodOf(dayOfInstant(b.startsAt, window.timeZone), window.groupBy)).map(
    ([period, list]) => {
      const noShows = list.filter((b) => b.status === "no_show").length;
      const late = list.filter((b) => b.status === "cancelled").length;
      return [
        period,
        list.length,
        list.length - noShows - late,
        noShows,
        late,
        rate(noShows, list.length),
        rate(late, list.length),
      ];
    },
  );
  return {
    columns: [
      "period",
      "appointments",
      "completed",
      "no_shows",
      "late_cancels",
      "no_show_rate",
      "late_cancel_rate",
    ],
    rows,
  };
}

interface FinishedSeries {
  patientId: string;
  /** Clinic days of the sessions, in order. */
  days: string[];
}

/** Series whose every session took place (none missed, none cancelled, none still to come). */
function finishedSeries(bookings: readonly ReportBooking[], timeZone: string): FinishedSeries[] {
  const bySeries = grouped(
    bookings.filter(
      (b) => b.isTreatment && b.seriesId !== null && !(b.status === "cancelled" && !b.lateCancel),
    ),
    (b) => b.seriesId as string,
  );
  return bySeries.flatMap(([, sessions]) => {
    if (!sessions.every((s) => s.status === "completed")) return [];
    const days = sessions.map((s) => dayOfInstant(s.startsAt, timeZone)).sort();
    return [{ patientId: (sessions[0] as ReportBooking).patientId, days }];
  });
}

/**
 * Series finished in each period (by the day of their last session) and how many kept every
 * interval between sessions within the protocol's: at least `minDays`, at most `maxDays`.
 */
export function seriesOnTimeReport(
  bookings: readonly ReportBooking[],
  window: ReportWindow,
  interval: { minDays: number; maxDays: number },
): ReportTable {
  const finished = finishedSeries(bookings, window.timeZone).filter((s) =>
    inWindow(s.days[s.days.length - 1] as string, window),
  );
  const rows = grouped(finished, (s) => periodOf(s.days[s.days.length - 1] as string, window.groupBy)).map(
    ([period, list]) => {
      const onTime = list.filter((s) =>
        s.days.slice(1).every((day, i) => {
          const gap = daysBetween(s.days[i] as string, day);
          return gap >= interval.minDays && gap <= interval.maxDays;
        }),
      ).length;
      return [period, list.length, onTime, rate(onTime, list.length)];
    },
  );
  return { columns: ["period", "series_finished", "on_time", "on_time_rate"], rows };
}

/**
 * Of the series that finished in each period, how many patients came back for a treatment within
 * 6 and within 7 months of the last session. Only series finished at least 7 months before
 * `today` count, so a series is never counted as not returned before it could have been.
 */
export function maintenanceReturnReport(
  bookings: readonly ReportBooking[],
  window: ReportWindow,
  today: string,
): ReportTable {
  const treatments = bookings
    .filter((b) => b.isTreatment && b.status === "completed")
    .map((b) => ({ patientId: b.patientId, day: dayOfInstant(b.startsAt, window.timeZone) }));
  const finished = finishedSeries(bookings, window.timeZone)
    .map((s) => ({ patientId: s.patientId, endedOn: s.days[s.days.length - 1] as string }))
    .filter((s) => inWindow(s.endedOn, window) && addMonths(s.endedOn, 7) <= today);
  const returnedWithin = (s: { patientId: string; endedOn: string }, months: number) =>
    treatments.some(
      (t) => t.patientId === s.patientId && t.day > s.endedOn && t.day <= addMonths(s.endedOn, months),
    );
  const rows = grouped(finished, (s) => periodOf(s.endedOn, window.groupBy)).map(([period, list]) => {
    const by6 = list.filter((s) => returnedWithin(s, 6)).length;
    const by7 = list.filter((s) => returnedWithin(s, 7)).length;
    return [period, list.length, by6, rate(by6, list.length), by7, rate(by7, list.length)];
  });
  return {
    columns: [
      "period",
      "series_finished",
      "returned_6_months",
      "return_rate_6_months",
      "returned_7_months",
      "return_rate_7_months",
    ],
    rows,
  };
}

/**
 * Patients due for their maintenance visit today: their last treatment was `everyMonths` or more
 * ago and they have no treatment booked from now on. Most overdue first.
 */
export function recallDue(
  bookings: readonly ReportBooking[],
  today: string,
  timeZone: string,
  everyMonths: number,
): { patientId: string; lastSessionOn: string; dueOn: string }[] {
  const last = new Map<string, string>();
  const upcoming = new Set<string>();
  for (const b of bookings) {
    if (!b.isTreatment) continue;
    const day = dayOfInstant(b.startsAt, timeZone);
    if (b.status === "completed" && (last.get(b.patientId) ?? "") < day) last.set(b.patientId, day);
    if (b.status === "booked" && day >= today) upcoming.add(b.patientId);
  }
  return [...last.entries()]
    .map(([patientId, lastSessionOn]) => ({
      patientId,
      lastSessionOn,
      dueOn: addMonths(lastSessionOn, everyMonths),
    }))
    .filter((r) => r.dueOn <= today && !upcoming.has(r.patientId))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.patientId < b.patientId ? -1 : 1));
}

export interface ReportAlert {
  severity: AlertSeverity;
  raisedAt: string;
  /** When a provider first took it up; null while open. */
  acknowledgedAt: string | null;
}

/** The value below which `share` of the sorted values lie (nearest rank), to one decimal. */
function percentile(sorted: readonly number[], share: number): number | null {
  if (sorted.length === 0) return null;
  const value = sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] as number;
  return Math.round(value * 10) / 10;
}

/** The middle value (the mean of the two middle ones for an even count), to one decimal. */
function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length / 2;
  const value = Number.isInteger(mid)
    ? ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
    : (sorted[Math.floor(mid)] as number);
  return Math.round(value * 10) / 10;
}

/**
 * Check-in alerts raised in each period (by the clinic day they were raised), by severity, and how
 * long a provider took to first respond (raised → acknowledged, minutes): median and 90th
 * percentile over the alerts of the period acknowledged so far. Alerts still open count as raised
 * and open, not as responses, so a slow week shows up in `open` before it moves the times.
 */
export function alertsReport(alerts: readonly ReportAlert[], window: ReportWindow): ReportTable {
  const raised = alerts.filter((a) => inWindow(dayOfInstant(a.raisedAt, window.timeZone), window));
  const rows = grouped(raised, (a) =>
    periodOf(dayOfInstant(a.raisedAt, window.timeZone), window.groupBy),
  ).map(([period, list]) => {
    const minutes = list
      .filter((a) => a.acknowledgedAt !== null)
      .map((a) => (Date.parse(a.acknowledgedAt as string) - Date.parse(a.raisedAt)) / 60_000)
      .sort((a, b) => a - b);
    return [
      period,
      list.length,
      list.filter((a) => a.severity === "urgent").length,
      list.filter((a) => a.severity === "attention").length,
      list.length - minutes.length,
      median(minutes),
      percentile(minutes, 0.9),
    ];
  });
  return {
    columns: [
      "period",
      "alerts",
      "urgent",
      "attention",
      "open",
      "median_response_minutes",
      "p90_response_minutes",
    ],
    rows,
  };
}
