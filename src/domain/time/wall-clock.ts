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
