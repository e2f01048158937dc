/**
 * An instant's wall-clock date and time in a zone, read through `Intl.DateTimeFormat`: the same
 * zone rules the Temporal polyfill uses, at about a tenth of its cost per call (the polyfill
 * builds several objects per conversion; a booking's messages and timeline make hundreds).
 */

/** One formatter per zone: making one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zones are validated where they enter; this only keeps a misuse from growing without end. */
const FORMATTERS_KEPT = 500;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    // Throws a RangeError for an unknown zone, as Temporal does.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    if (formatters.size >= FORMATTERS_KEPT) formatters.clear();
    formatters.set(timeZone, format);
  }
  return format;
}

interface WallClock {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM`, 00:00 to 23:59 */
  time: string;
}

/**
 * The wall clock at `epochMilliseconds` in `timeZone`, or undefined for a year outside
 * 1000–9999 (ISO strings need more digits there; callers fall back to Temporal).
 */
export function wallClockAt(epochMilliseconds: number, timeZone: string): WallClock | undefined {
  let year = "";
  let month = "";
  let day = "";
  let hour = "";
  let minute = "";
  for (const part of formatterFor(timeZone).formatToParts(epochMilliseconds)) {
    if (part.type === "year") year = part.value;
    else if (part.type === "month") month = part.value;
    else if (part.type === "day") day = part.value;
    else if (part.type === "hour") hour = part.value;
    else if (part.type === "minute") minute = part.value;
  }
  if (year.length !== 4) return undefined;
  return { date: `${year}-${month}-${day}`, time: `${hour}:${minute}` };
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WHOLE_MINUTE_OFFSETS_FROM = Date.UTC(1973, 0, 1);

/**
 * The instant at which the wall clock in `timeZone` reads `day` (`YYYY-MM-DD`) at `time` (`HH:MM`),
 * when exactly one instant does; undefined when none does (a spring-forward gap), when two do (a
 * fall-back hour), or before 1973 or after 9999, where callers ask Temporal instead. (Every zone's
 * offset has been whole minutes since 1972, when Monrovia left -00:44:30; this reads minutes.)
 *
 * The zone's offset a day before and a day after gives the candidates: a wall time has at most one
 * instant per offset in force around it, and no zone changes its offset twice within two days.
 * Each candidate is checked by reading its wall clock back, so a wrong guess is never returned.
 */
export function instantAtWallClock(day: string, time: string, timeZone: string): number | undefined {
  // The same few days and times come back with every booking (midnights, 09:00 reminders).
  const key = `${timeZone} ${day} ${time}`;
  if (instantsAtWallClock.has(key)) return instantsAtWallClock.get(key);
  const found = findInstantAtWallClock(day, time, timeZone);
  if (instantsAtWallClock.size >= INSTANTS_KEPT) instantsAtWallClock.clear();
  instantsAtWallClock.set(key, found);
  return found;
}

/** Answers of `instantAtWallClock`, by zone, day and time; a zone's rules do not change while we run. */
const instantsAtWallClock = new Map<string, number | undefined>();
const INSTANTS_KEPT = 10_000;

function findInstantAtWallClock(day: string, time: string, timeZone: string): number | undefined {
  const asUtc = Date.parse(`${day}T${time}:00Z`);
  if (Number.isNaN(asUtc) || asUtc < WHOLE_MINUTE_OFFSETS_FROM) return undefined;
  let found: number | undefined;
  for (const offset of new Set([offsetAt(asUtc - DAY_MS, timeZone), offsetAt(asUtc + DAY_MS, timeZone)])) {
    if (offset === undefined) return undefined;
    const candidate = asUtc - offset;
    const reads = wallClockAt(candidate, timeZone);
    if (reads?.date !== day || reads.time !== time) continue;
    if (found !== undefined && found !== candidate) return undefined;
    found = candidate;
  }
  return found;
}

/** How far the zone's wall clock runs ahead of UTC at an instant, in ms (whole minutes). */
function offsetAt(epochMilliseconds: number, timeZone: string): number | undefined {
  const wall = wallClockAt(epochMilliseconds, timeZone);
  if (wall === undefined) return undefined;
  const wallAsUtc = Date.parse(`${wall.date}T${wall.time}:00Z`);
  // The wall clock is read to the minute; the instant's own seconds are not part of the offset.
  return wallAsUtc - (epochMilliseconds - (epochMilliseconds % MINUTE_MS));
}
