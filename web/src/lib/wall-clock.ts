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
