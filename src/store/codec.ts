import type { SqlBool } from "kysely";
import { Temporal } from "temporal-polyfill";

/**
 * Instants cross the repository boundary as `Temporal.Instant#toString()` prints them
 * (`2026-12-10T14:00:00Z`) and are stored at millisecond precision in the fixed 24-char form
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, so that SQLite's text order is time order. PostgreSQL reads the
 * same text into timestamptz.
 */
export function toDbInstant(iso: string): string {
  const text = new Date(Temporal.Instant.from(iso).epochMilliseconds).toISOString();
  // Years outside 0000–9999 print as ±YYYYYY and would break text ordering.
  if (text.length !== 24) throw new RangeError(`Instant out of range: ${iso}`);
  return text;
}

/** Reads a stored instant (SQLite text or PostgreSQL timestamptz text) into canonical ISO form. */
export function fromDbInstant(value: string | Date): string {
  if (value instanceof Date) return Temporal.Instant.fromEpochMilliseconds(value.getTime()).toString();
  return Temporal.Instant.from(value).toString();
}

export function fromDbInstantOrNull(value: string | Date | null): string | null {
  return value === null ? null : fromDbInstant(value);
}

/** The current instant in canonical form, for created_at / updated_at when the caller gives none. */
export function nowInstant(): string {
  return Temporal.Now.instant().toString();
}

/** The instant `minutes` after `iso`, canonical form. */
export function addMinutes(iso: string, minutes: number): string {
  return Temporal.Instant.from(iso).add({ minutes }).toString();
}

/** Whole and fractional minutes from `from` to `to` (negative when `to` is earlier). */
export function minutesBetween(from: string, to: string): number {
  return (
    (Temporal.Instant.from(to).epochMilliseconds - Temporal.Instant.from(from).epochMilliseconds) / 60_000
  );
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
