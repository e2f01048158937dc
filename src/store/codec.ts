import type { SqlBool } from "kysely";
import { Temporal } from "temporal-polyfill";
import { formatInstant } from "../domain/time/instants.js";

/**
 * Instants cross the repository boundary as `Temporal.Instant#toString()` prints them
 * (`2026-12-10T14:00:00Z`) and are stored at millisecond precision in the fixed 24-char form
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, so that SQLite's text order is time order. PostgreSQL reads the
 * same text into timestamptz.
 */
export function toDbInstant(iso: string): string {
  const text = new Date(epochMillis(iso)).toISOString();
  // Years outside 0000–9999 print as ±YYYYYY and would break text ordering.
  if (text.length !== 24) throw new RangeError(`Instant out of range: ${iso}`);
  return text;
}

/**
 * The forms the two dialects hand back: SQLite the 24-char text `toDbInstant` wrote; PostgreSQL
 * (TimeZone=UTC, DateStyle=ISO) `YYYY-MM-DD HH:MM:SS[.fff]+00`, or inside JSON (`to_json`)
 * `YYYY-MM-DDTHH:MM:SS[.fff]+00:00`, trailing zeros of the fraction already dropped. All hold at
 * most milliseconds.
 */
const SQLITE_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{3})Z$/;
const POSTGRES_INSTANT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?\+00(?::00)?$/;

/** The canonical ISO form of date-time text in UTC and its fraction digits (Temporal drops trailing zeros). */
function canonical(dateTime: string, fraction: string | undefined): string {
  if (fraction === undefined) return `${dateTime}Z`;
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
  return end === 0 ? `${dateTime}Z` : `${dateTime}.${fraction.slice(0, end)}Z`;
}

/**
 * Reads a stored instant (SQLite text or PostgreSQL timestamptz text) into canonical ISO form,
 * as `Temporal.Instant#toString()` prints it. The two stored forms are rewritten as text: the
 * polyfill's Temporal.Instant costs ~8 µs a value, and a slot search reads ten thousand.
 * Anything else goes through Temporal.
 */
export function fromDbInstant(value: string | Date): string {
  if (value instanceof Date) return formatInstant(value.getTime());
  // The common case by far, a whole second as SQLite stores it, without a regex (hot in searches).
  if (value.length === 24 && value.endsWith(".000Z") && value.charCodeAt(10) === 84) {
    return `${value.slice(0, 19)}Z`;
  }
  const stored = SQLITE_INSTANT.exec(value);
  if (stored !== null) return canonical(stored[1] as string, stored[2]);
  const pg = POSTGRES_INSTANT.exec(value);
  if (pg !== null) return canonical(`${pg[1]}T${pg[2]}`, pg[3]);
  return Temporal.Instant.from(value).toString();
}

export function fromDbInstantOrNull(value: string | Date | null): string | null {
  return value === null ? null : fromDbInstant(value);
}

/**
 * Epoch ms of an instant: the canonical `…Z` forms by arithmetic, the rest through Temporal
 * (which throws a RangeError for what is not an instant, as before).
 */
function epochMillis(iso: string): number {
  const fast = Date.parse(iso);
  // Date.parse bends some strings (2030-02-30); only a canonical round trip is trusted.
  if (!Number.isNaN(fast) && (formatInstant(fast) === iso || new Date(fast).toISOString() === iso))
    return fast;
  return Temporal.Instant.from(iso).epochMilliseconds;
}

export function toDbJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Both dialects hand JSON columns back as text (see database.ts); a parsed value passes through. */
export function fromDbJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

export function toDbBool(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function fromDbBool(value: SqlBool): boolean {
  return value === true || value === 1;
}
