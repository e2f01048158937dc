import type { WeeklyHours } from "../api/admin-types";

/** One stretch of work on a weekday, wall-clock `HH:MM` in the clinic's zone. */
export interface Shift {
  startTime: string;
  endTime: string;
}

/** The week as the editor draws it: ISO weekday (1 = Monday … 7 = Sunday) → that day's shifts. */
export type WeekGrid = Record<Weekday, Shift[]>;
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAYS: { day: Weekday; name: string }[] = [
  { day: 1, name: "Monday" },
  { day: 2, name: "Tuesday" },
  { day: 3, name: "Wednesday" },
  { day: 4, name: "Thursday" },
  { day: 5, name: "Friday" },
  { day: 6, name: "Saturday" },
  { day: 7, name: "Sunday" },
];

/** The API's flat list of shifts as a grid, each day's shifts in time order. */
export function gridOf(hours: WeeklyHours): WeekGrid {
  const grid: WeekGrid = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
  for (const { weekday, startTime, endTime } of hours) {
    if (weekday >= 1 && weekday <= 7)
      grid[weekday as Weekday].push({ startTime: hhmm(startTime), endTime: hhmm(endTime) });
  }
  for (const { day } of WEEKDAYS) grid[day].sort((a, b) => a.startTime.localeCompare(b.startTime));
  return grid;
}

/**
 * The grid back as the API's list, Monday first, and what is wrong with each day: a shift that
 * ends before it starts, or two that overlap, would be refused by the server as a whole list,
 * so the editor says which day before sending.
 */
export function hoursOf(grid: WeekGrid): {
  weeklyHours: { weekday: Weekday; startTime: string; endTime: string }[];
  problems: Partial<Record<Weekday, string>>;
} {
  const weeklyHours: { weekday: Weekday; startTime: string; endTime: string }[] = [];
  const problems: Partial<Record<Weekday, string>> = {};
  for (const { day } of WEEKDAYS) {
    const shifts = [...grid[day]].sort((a, b) => a.startTime.localeCompare(b.startTime));
    shifts.forEach((shift, index) => {
      if (!/^\d{2}:\d{2}$/.test(shift.startTime) || !/^\d{2}:\d{2}$/.test(shift.endTime))
        problems[day] ??= "Give each shift a start and an end time.";
      else if (shift.endTime <= shift.startTime) problems[day] ??= "A shift must end after it starts.";
      const previous = shifts[index - 1];
      if (previous && shift.startTime < previous.endTime) problems[day] ??= "Two shifts overlap.";
      weeklyHours.push({ weekday: day, startTime: shift.startTime, endTime: shift.endTime });
    });
  }
  return { weeklyHours, problems };
}

/** `09:00:00` and `09:00` are the same time; the editor shows minutes only. */
function hhmm(time: string): string {
  return time.slice(0, 5);
}
