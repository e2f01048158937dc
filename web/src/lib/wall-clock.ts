import { Temporal } from "temporal-polyfill";

/**
 * The staff calendar widget draws Dates in the browser's zone, but the front desk works on the
 * clinic's clock wherever the browser is. The server sends each time as the clinic's wall clock
 * with its offset (`2027-03-01T09:30:00-05:00`); the widget gets a Date whose browser-local
 * reading is that wall clock, so 09:30 at the clinic is drawn at 09:30.
 */
export function wallClockDate(local: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (match === null) throw new Error(`not a local date-time: ${local}`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi);
}

/** The calendar day `YYYY-MM-DD` a widget Date reads as. */
export function wallClockDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The wall-clock time `HH:mm` a widget Date reads as. */
export function wallClockTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The UTC instant of a wall-clock day and time (`YYYY-MM-DD`, `HH:mm`) at the clinic. A time the
 * clocks skip in spring is read as after the jump, and a repeated autumn hour as its first
 * reading, as people at the clinic would mean them.
 */
export function instantOfWallClock(day: string, time: string, timeZone: string): string {
  return Temporal.PlainDateTime.from(`${day}T${time}`)
    .toZonedDateTime(timeZone, { disambiguation: "compatible" })
    .toInstant()
    .toString();
}
