import ical, { ICalEventStatus } from "ical-generator";
import { Temporal } from "temporal-polyfill";
import { vtimezone } from "./vtimezone.js";

/** One event of a feed, already worded; `uid` stays the same across reads so apps update it. */
export type FeedEvent =
  | {
      kind: "timed";
      uid: string;
      startsAt: string;
      endsAt: string;
      /** The zone whose wall clock the event is written in (its TZID). */
      timeZone: string;
      summary: string;
      description?: string | undefined;
      location?: string | undefined;
      cancelled?: boolean | undefined;
    }
  | {
      kind: "all_day";
      uid: string;
      /** `YYYY-MM-DD`: the day itself, in whichever zone the reader lives. */
      on: string;
      summary: string;
      description?: string | undefined;
    };

export interface Feed {
  name: string;
  /** When the feed was read (the service's clock): every event's DTSTAMP. */
  stampedAt: string;
  events: readonly FeedEvent[];
}

/** The domain every UID ends in, so ours never collide with another producer's. */
const UID_DOMAIN = "regimen";

/**
 * Writes a feed as an iCalendar document. Timed events carry their zone as TZID with a VTIMEZONE
 * for it (covering the years the events span), so a session at 10:00 New York stays 10:00 New York
 * in any app, on either side of a daylight-saving change. All-day events are dates (VALUE=DATE).
 */
export function writeICalendar(feed: Feed): string {
  const years = yearsOf(feed.events);
  const stamp = Temporal.Instant.from(feed.stampedAt);
  const calendar = ical({
    name: feed.name,
    prodId: { company: "Regimen", product: "Regimen", language: "EN" },
    timezone: { name: null, generator: (zone) => vtimezone(zone, years) },
  });
  for (const event of feed.events) {
    if (event.kind === "timed") {
      calendar.createEvent({
        id: `${event.uid}@${UID_DOMAIN}`,
        stamp,
        start: Temporal.Instant.from(event.startsAt).toZonedDateTimeISO(event.timeZone),
        end: Temporal.Instant.from(event.endsAt).toZonedDateTimeISO(event.timeZone),
        timezone: event.timeZone,
        summary: event.summary,
        description: event.description ?? null,
        location: event.location ?? null,
        status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    } else {
      const on = Temporal.PlainDate.from(event.on);
      calendar.createEvent({
        id: `${event.uid}@${UID_DOMAIN}`,
        stamp,
        start: on,
        end: on.add({ days: 1 }),
        allDay: true,
        summary: event.summary,
        description: event.description ?? null,
      });
    }
  }
  return calendar.toString();
}

/** The years the events fall in (one either side, for events near New Year in other zones). */
function yearsOf(events: readonly FeedEvent[]): { from: number; to: number } {
  const years = events.map((e) => Number((e.kind === "timed" ? e.startsAt : e.on).slice(0, 4)));
  if (years.length === 0) return { from: 2000, to: 2000 };
  return { from: Math.min(...years) - 1, to: Math.max(...years) + 1 };
}
