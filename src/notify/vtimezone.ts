import { Temporal } from "temporal-polyfill";

/**
 * A VTIMEZONE block (RFC 5545 §3.6.5) for an IANA zone, written from the runtime's own zone data
 * so calendar apps read TZID times with the same offsets the server used. Each offset change in
 * the years asked for is listed as its own observance (no RRULE): exact for those years even where
 * a zone changed its rules, at the cost of a few lines per year.
 */
export function vtimezone(zone: string, years: { from: number; to: number }): string {
  const start = Temporal.ZonedDateTime.from({ year: years.from, month: 1, day: 1, timeZone: zone });
  const end = Temporal.ZonedDateTime.from({ year: years.to + 1, month: 1, day: 1, timeZone: zone });
  const changes: { at: Temporal.ZonedDateTime; from: string; to: string }[] = [
    // The offset in force at the range's start, so times before its first change resolve too.
    { at: start, from: start.offset, to: start.offset },
  ];
  for (let at = start.getTimeZoneTransition("next"); at !== null; at = at.getTimeZoneTransition("next")) {
    if (Temporal.ZonedDateTime.compare(at, end) >= 0) break;
    const before = at.subtract({ nanoseconds: 1 });
    changes.push({ at, from: before.offset, to: at.offset });
  }
  const lowest = Math.min(...changes.map((c) => offsetMinutes(c.to)));
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  for (const change of changes) {
    // Daylight saving is the higher of the zone's offsets; anything else is standard time.
    const kind = offsetMinutes(change.to) > lowest ? "DAYLIGHT" : "STANDARD";
    // DTSTART is the wall-clock time just before the change, in the offset then in force.
    const local = change.at.toInstant().toZonedDateTimeISO(change.from).toPlainDateTime();
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${basicDateTime(local)}`,
      `TZOFFSETFROM:${basicOffset(change.from)}`,
      `TZOFFSETTO:${basicOffset(change.to)}`,
      `END:${kind}`,
    );
  }
  lines.push("END:VTIMEZONE");
  return lines.join("\r\n");
}

/** `-05:00` → -300. Offsets with seconds (before 1900 only) are cut to the minute. */
function offsetMinutes(offset: string): number {
  const sign = offset.startsWith("-") ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(":").map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
}

/** `-05:00` → `-0500`. */
function basicOffset(offset: string): string {
  return offset.slice(0, 6).replace(":", "");
}

/** 2031-03-09T02:00 → `20310309T020000`. */
function basicDateTime(local: Temporal.PlainDateTime): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(local.year, 4)}${pad(local.month)}${pad(local.day)}T${pad(local.hour)}${pad(local.minute)}${pad(local.second)}`;
}
