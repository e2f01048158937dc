import { Temporal } from "temporal-polyfill";
import { editDistance } from "../validation/did-you-mean.js";
import { quoted } from "../validation/text.js";
import { formatInstant, instantMilliseconds } from "./instants.js";
import { instantAtWallClock, wallClockAt } from "./wall-clock.js";

/**
 * Calendar days are `YYYY-MM-DD` strings with no zone: a day as a person in a given
 * zone names it. They compare correctly as strings, which keeps the rules readable.
 */
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The years any date or instant may fall in. Nothing a clinic books, and no medication history,
 * lies outside them; outside them the arithmetic of plans and calendars runs past what dates can
 * print as `YYYY-MM-DD` (year 9999 plus a few months is year 10000) or what the databases store.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2200;
/** The first instant after the supported years: `LAST_YEAR + 1`-01-01T00:00:00Z, epoch ms. */
const FIRST_INSTANT_MS = Date.UTC(FIRST_YEAR, 0, 1);
const END_INSTANT_MS = Date.UTC(LAST_YEAR + 1, 0, 1);
const DAY_MS = 86_400_000;
/** The years `Date#toISOString` prints as `YYYY`. */
const FIRST_FOUR_DIGIT_YEAR_MS = Date.UTC(1000, 0, 1);
const AFTER_FOUR_DIGIT_YEARS_MS = Date.UTC(10_000, 0, 1);

export const YEAR_RANGE_MESSAGE = `must lie in the years ${FIRST_YEAR} to ${LAST_YEAR}`;

export function isCalendarDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: "reject" });
    return true;
  } catch {
    return false;
  }
}

/** Whether `day` (a valid `YYYY-MM-DD`) lies in the supported years. */
export function isDayInSupportedYears(day: string): boolean {
  const year = Number(day.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** Whether an instant (epoch ms) lies in the supported years, read in UTC. */
export function isInstantInSupportedYears(epochMilliseconds: number): boolean {
  return epochMilliseconds >= FIRST_INSTANT_MS && epochMilliseconds < END_INSTANT_MS;
}

/** Why `value` is not an accepted calendar day, as a field message; undefined when it is one. */
export function calendarDayProblem(value: string): string | undefined {
  if (!isCalendarDay(value)) return `${quoted(value)} is not a valid date (YYYY-MM-DD)`;
  if (!isDayInSupportedYears(value)) return YEAR_RANGE_MESSAGE;
  return undefined;
}

export function addDays(day: string, days: number): string {
  // Date's proleptic Gregorian arithmetic is exact for whole days and far cheaper than Temporal's.
  const ms = dayMilliseconds(day) + days * DAY_MS;
  if (ms >= FIRST_FOUR_DIGIT_YEAR_MS && ms < AFTER_FOUR_DIGIT_YEARS_MS)
    return new Date(ms).toISOString().slice(0, 10);
  // Outside four-digit years, or not a real day: Temporal's own answer (or its RangeError).
  return Temporal.PlainDate.from(day).add({ days }).toString();
}

/** UTC midnight of a real `YYYY-MM-DD` day in four-digit years, epoch ms; NaN for anything else. */
function dayMilliseconds(day: string): number {
  if (!DAY_PATTERN.test(day)) return Number.NaN;
  const ms = Date.parse(`${day}T00:00:00Z`);
  // Date rolls 2026-02-30 over into March; a real day prints back as itself.
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day) ? ms : Number.NaN;
}

export function addMonths(day: string, months: number): string {
  // Temporal clamps 31 Jan + 1 month to 28/29 Feb, which is what a person expects.
  return Temporal.PlainDate.from(day).add({ months }).toString();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const fromMs = dayMilliseconds(from);
  const toMs = dayMilliseconds(to);
  if (!Number.isNaN(fromMs) && !Number.isNaN(toMs)) return (toMs - fromMs) / DAY_MS;
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: "days" }).days;
}

export function laterDay(a: string, b: string): string {
  return a >= b ? a : b;
}

/**
 * Time zones are stored and compared by name, so each place has exactly one spelling: the canonical
 * IANA name of a region (`America/New_York`). Aliases (`US/Eastern`), abbreviations (`EST`) and fixed
 * offsets (`+05:00`, `Etc/GMT+5`) are refused: an alias would make one zone two values, and an
 * abbreviation or offset has no daylight-saving rules, so prep days and reminders would drift by an
 * hour for half the year. `UTC` is the one zone without a region that is accepted: it is exact and
 * unambiguous, for accounts and clinics that keep time in UTC on purpose.
 *
 * The list of zones comes from the runtime's ICU data. ICU keeps a few names IANA has since changed
 * (`Asia/Calcutta` for `Asia/Kolkata`); those are replaced by IANA's current spelling, which both
 * ICU and Temporal accept.
 */
const ICU_TO_IANA: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Mendoza": "America/Argentina/Mendoza",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Louisville": "America/Kentucky/Louisville",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** What people usually mean by a North American abbreviation (IANA itself maps `EST` to Panama). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: "America/New_York",
  EDT: "America/New_York",
  CST: "America/Chicago",
  CDT: "America/Chicago",
  MST: "America/Denver",
  MDT: "America/Denver",
  PST: "America/Los_Angeles",
  PDT: "America/Los_Angeles",
};

const CANONICAL_ZONES: ReadonlySet<string> = new Set([
  "UTC",
  ...Intl.supportedValuesOf("timeZone")
    .map((zone) => ICU_TO_IANA[zone] ?? zone)
    .filter((zone) => zone.includes("/") && !zone.startsWith("Etc/")),
]);

/** No zone name is this long; longer input is neither searched for a suggestion nor echoed. */
const MAX_ZONE_NAME_LENGTH = 64;

const FIXED_OFFSET = /^(?:[+-]\d{1,2}(?::?\d{2})?|(?:Etc\/)?(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?)$/i;

const EXAMPLE_ZONE = "America/New_York";

/** True for a canonical IANA zone name with a region, or `UTC` (see above). */
export function isCanonicalTimeZone(name: string): boolean {
  return CANONICAL_ZONES.has(name);
}

/**
 * Why `name` is not accepted as a time zone, as a field message naming the canonical zone where
 * one can be told (`use "America/New_York"`); undefined when it is accepted.
 */
export function timeZoneProblem(name: string): string | undefined {
  if (isCanonicalTimeZone(name)) return undefined;
  if (name === "") return "must not be empty";
  if (name.length > MAX_ZONE_NAME_LENGTH) {
    return `is not a time zone (an IANA name such as ${EXAMPLE_ZONE})`;
  }
  if (FIXED_OFFSET.test(name)) {
    return `${quoted(name)} is a fixed offset, not a time zone (use a region's zone, such as ${EXAMPLE_ZONE})`;
  }
  const canonical = canonicalAliasOf(name);
  if (canonical !== undefined) return `${quoted(name)} is not a canonical time zone: use "${canonical}"`;
  const typo = closestZone(name);
  if (typo !== undefined) return `unknown time zone ${quoted(name)} (did you mean "${typo}"?)`;
  return `unknown time zone ${quoted(name)} (an IANA name such as ${EXAMPLE_ZONE})`;
}

/** The canonical zone an alias, abbreviation or differently cased name stands for, if any. */
function canonicalAliasOf(name: string): string | undefined {
  const abbreviation = ABBREVIATIONS[name.toUpperCase()];
  if (abbreviation !== undefined) return abbreviation;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  const canonical = ICU_TO_IANA[resolved] ?? resolved;
  return isCanonicalTimeZone(canonical) ? canonical : undefined;
}

/** The zone whose name is within a typo or two of `name`, ignoring case. */
function closestZone(name: string): string | undefined {
  const needle = name.toLowerCase().replaceAll(" ", "_");
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const zone of CANONICAL_ZONES) {
    const distance = editDistance(needle, zone.toLowerCase());
    if (distance < bestDistance) {
      best = zone;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(needle.length / 6)) ? best : undefined;
}

/** The calendar day an instant falls on in a zone. */
export function dayOfInstant(instant: Temporal.Instant | string, timeZone: string): string {
  const ms = typeof instant === "string" ? instantMilliseconds(instant) : instant.epochMilliseconds;
  return (
    wallClockAt(ms, timeZone)?.date ??
    Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate().toString()
  );
}

/**
 * The first instant of a calendar day in a zone (midnight, or the first valid time after a gap),
 * as a canonical UTC instant string: local 00:00 read as `instantAtLocalTime` reads any time.
 */
export function startOfDay(day: string, timeZone: string): string {
  return instantAtLocalTime(day, "00:00", timeZone);
}

/**
 * The instant a wall-clock time (`HH:MM`) on `day` names in a zone. A time skipped by a
 * spring-forward change moves forward by the gap; a time that happens twice is the earlier one
 * (Temporal's "compatible" reading, the one calendars use).
 */
export function instantAtLocalTime(day: string, time: string, timeZone: string): string {
  const unique = instantAtWallClock(day, time, timeZone);
  if (unique !== undefined) return formatInstant(unique);
  return Temporal.PlainDate.from(day)
    .toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(time) })
    .toInstant()
    .toString();
}
