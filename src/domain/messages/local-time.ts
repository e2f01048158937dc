/**
 * How a message tells a person a time: in their own zone, with the zone's abbreviation, so
 * "10:00 AM EDT" is right on either side of a daylight-saving change.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "long",
      year: "numeric",
      month: "long",
      day: "numeric",
      ...(withTime ? { hour: "numeric", minute: "2-digit", timeZoneName: "short" } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** `Sunday, March 15, 2026 at 10:00 AM EDT` for an instant, in `timeZone`. */
export function formatLocalDateTime(instant: string, timeZone: string): string {
  return formatFor(timeZone, true).format(Date.parse(instant));
}

/** `Sunday, March 15, 2026` for an instant, in `timeZone`. */
export function formatLocalDate(instant: string, timeZone: string): string {
  return formatFor(timeZone, false).format(Date.parse(instant));
}
