import { Temporal } from "temporal-polyfill";
import type { TimelineEntry } from "../booking/timeline.js";
import { addDays, dayOfInstant, instantAtLocalTime } from "../time/calendar.js";
import { formatLocalDate, formatLocalDateTime } from "./local-time.js";
import type { BookingFacts } from "./plan-messages.js";
import { WEB_PATHS } from "./plan-messages.js";
import { afterQuietHours } from "./quiet-hours.js";
import type { MessageChannel, MessageKind, PlannedMessage } from "./types.js";

/**
 * Messages that care for a patient around one session, read off the patient's timeline (the same
 * dated prep and aftercare the patient's pages show, so no rule is computed twice):
 * - when it is booked: each prep step on its day at 09:00, and a reminder with the checklist the
 *   day before, both in the patient's zone;
 * - when it took place: the aftercare rules at once, the milestones when a rule ends (makeup,
 *   pools and workouts), and the check-ins on days 3, 14 and 60.
 * A message whose time has already passed is sent at once if it is for today, and dropped if it
 * is for an earlier day.
 */

/** Local time of day (`HH:MM`) for dated reminders. */
const REMINDER_TIME = "09:00";
/** Days after a session on which the patient is asked how healing goes. */
export const CHECK_IN_DAYS = [3, 14, 60] as const;

/** The aftercare rules whose end is worth a message, and what the message says. */
export const AFTERCARE_MILESTONES: Readonly<Record<string, string>> = {
  no_makeup: "You may wear makeup again.",
  no_pool_sauna_strenuous_exercise: "Pools, saunas and workouts are fine again.",
};

export interface CareContext extends BookingFacts {
  timeline: readonly TimelineEntry[];
  now: string;
  /** Distinguishes the messages of this booking's current time from those of a time it moved from. */
  sequence: number;
  eventId: string | null;
}

/** 09:00 in `timeZone` on `day`, or now if that is today but already past; null for an earlier day. */
export function reminderTime(day: string, timeZone: string, now: string): string | null {
  const at = instantAtLocalTime(day, REMINDER_TIME, timeZone);
  if (Date.parse(at) >= Date.parse(now)) return at;
  return day === dayOfInstant(now, timeZone) ? now : null;
}

function channels(patient: BookingFacts["patient"]): { channel: MessageChannel; recipient: string }[] {
  const out: { channel: MessageChannel; recipient: string }[] = [];
  if (patient.email !== null) out.push({ channel: "email", recipient: patient.email });
  if (patient.phone !== null) out.push({ channel: "sms", recipient: patient.phone });
  return out;
}

function expand(
  ctx: CareContext,
  kind: MessageKind,
  sendAt: string | null,
  key: string,
  vars: Record<string, string>,
  only?: MessageChannel,
): PlannedMessage[] {
  if (sendAt === null) return [];
  return channels(ctx.patient)
    .filter((c) => only === undefined || c.channel === only)
    .map((c) => ({
      ...c,
      kind,
      sendAt: c.channel === "sms" ? afterQuietHours(sendAt, ctx.patient.timeZone) : sendAt,
      dedupeKey: `${key}:${c.channel}`,
      patientId: ctx.patient.id,
      bookingId: ctx.booking.id,
      eventId: ctx.eventId,
      vars: {
        clinicName: ctx.clinic.name,
        patientName: ctx.patient.name,
        serviceName: ctx.service.name,
        startsLocal: formatLocalDateTime(ctx.booking.startsAt, ctx.patient.timeZone),
        manageUrl: WEB_PATHS.booking(ctx.booking.id),
        ...vars,
      },
    }));
}

/** Prep steps and the day-before reminder of a booked session. */
export function prepMessages(ctx: CareContext): PlannedMessage[] {
  const zone = ctx.patient.timeZone;
  const steps = ctx.timeline.filter(
    (e): e is Extract<TimelineEntry, { kind: "prep" }> =>
      e.kind === "prep" && e.forBookingId === ctx.booking.id,
  );
  const base = `booking:${ctx.booking.id}:${ctx.sequence}`;
  const out: PlannedMessage[] = [];
  for (const step of steps) {
    out.push(
      ...expand(
        ctx,
        "prep_step",
        reminderTime(step.on, zone, ctx.now),
        `${base}:prep:${step.code}:${step.on}`,
        {
          stepText: step.text,
        },
      ),
    );
  }
  const sessionDay = dayOfInstant(ctx.booking.startsAt, zone);
  const before = steps.filter((s) => s.on <= sessionDay).map((s) => `- ${s.text}`);
  const dayBefore = reminderTime(addDays(sessionDay, -1), zone, ctx.now);
  if (dayBefore !== null && dayBefore < ctx.booking.startsAt) {
    out.push(
      ...expand(ctx, "session_reminder", dayBefore, `${base}:reminder`, {
        checklist: before.length > 0 ? before.join("\n") : "- Nothing special: come with clean skin.",
      }),
    );
  }
  return out;
}

/** Aftercare, milestones and check-ins once a session took place. */
export function aftercareMessages(ctx: CareContext): PlannedMessage[] {
  const zone = ctx.patient.timeZone;
  const items = ctx.timeline.filter(
    (e): e is Extract<TimelineEntry, { kind: "aftercare" }> =>
      e.kind === "aftercare" && e.forBookingId === ctx.booking.id,
  );
  const base = `booking:${ctx.booking.id}:after`;
  const out: PlannedMessage[] = [];
  if (items.length > 0) {
    // The full rules are long: email only; a text points to them.
    out.push(
      ...expand(
        ctx,
        "aftercare_rules",
        ctx.now,
        `${base}:rules`,
        {
          rules: items.map((i) => `- ${i.text}`).join("\n"),
        },
        "email",
      ),
    );
  }
  for (const item of items) {
    const text = AFTERCARE_MILESTONES[item.code];
    if (text === undefined || item.toAt === null || Date.parse(item.toAt) < Date.parse(ctx.now)) continue;
    out.push(
      ...expand(ctx, "aftercare_milestone", item.toAt, `${base}:milestone:${item.code}`, {
        milestoneText: text,
      }),
    );
  }
  const sessionDay = dayOfInstant(ctx.booking.startsAt, zone);
  for (const day of CHECK_IN_DAYS) {
    out.push(
      ...expand(
        ctx,
        "check_in",
        reminderTime(addDays(sessionDay, day), zone, ctx.now),
        `${base}:check_in:${day}`,
        {
          day: String(day),
          checkInUrl: `/check-ins/${encodeURIComponent(ctx.booking.id)}/${day}`,
        },
      ),
    );
  }
  return out;
}

/** Topics a patient may opt out of, per channel; safety messages (aftercare, alerts, account mail) have none. */
export const OPTIONAL_TOPICS = ["recall"] as const;
export type OptionalTopic = (typeof OPTIONAL_TOPICS)[number];

/** The topic a kind of message belongs to, if the patient may opt out of it. */
export function optionalTopicOf(kind: MessageKind): OptionalTopic | null {
  return kind === "maintenance_recall" ? "recall" : null;
}

/**
 * Maintenance recall after the last session of a plan whose concerns need it (the timeline's
 * `maintenance` entry, required): on the day it is due, and a month later. Whether it still
 * holds (nothing booked since) is checked when it is sent.
 */
export function recallMessages(ctx: CareContext): PlannedMessage[] {
  const zone = ctx.patient.timeZone;
  const maintenance = ctx.timeline.find(
    (e): e is Extract<TimelineEntry, { kind: "maintenance" }> => e.kind === "maintenance",
  );
  if (!maintenance?.required) return [];
  const first = maintenance.on;
  const second = Temporal.PlainDate.from(first).add({ months: 1 }).toString();
  const base = `booking:${ctx.booking.id}:recall`;
  return [first, second].flatMap((day, i) =>
    expand(ctx, "maintenance_recall", reminderTime(day, zone, ctx.now), `${base}:${i + 1}`, {
      bookUrl: WEB_PATHS.book,
      lastSessionLocal: formatLocalDateTime(ctx.booking.startsAt, zone),
    }),
  );
}

/** Where a completed session stands in the initial series of the patient's accepted plan. */
export interface SeriesPosition {
  /** This session's number in the series (1 for the first). */
  number: number;
  /** How many sessions the plan's initial series has. */
  count: number;
  /** The protocol's minimum gap between treatment sessions (from `minSessionGap`). */
  gapDays: number;
}

/**
 * A nudge to book the next session of the series, by email at 09:00 (patient's zone) on the first
 * day the protocol allows it: the session's day in the clinic's zone plus the minimum gap, as the
 * booking gate counts it. Nothing after the last session (recall takes over). Whether a later
 * treatment session got booked meanwhile is checked when it is sent.
 */
export function seriesNudgeMessages(ctx: CareContext, series: SeriesPosition | null): PlannedMessage[] {
  if (series === null || series.number >= series.count) return [];
  const opensOn = addDays(dayOfInstant(ctx.booking.startsAt, ctx.clinic.timeZone), series.gapDays);
  const next = series.number + 1;
  const sendAt = reminderTime(opensOn, ctx.patient.timeZone, ctx.now);
  if (sendAt === null) return [];
  return expand(
    ctx,
    "series_nudge",
    sendAt,
    `booking:${ctx.booking.id}:series_nudge:${next}`,
    {
      bookUrl: WEB_PATHS.book,
      sessionNumber: String(next),
      seriesCount: String(series.count),
      opensLocal: formatLocalDate(sendAt, ctx.patient.timeZone),
    },
    "email",
  );
}

/** A freed time offered to a patient on the waitlist: at once; first to accept gets it. */
export function waitlistOfferMessages(
  ctx: Omit<CareContext, "timeline" | "sequence">,
  entryId: string,
): PlannedMessage[] {
  return expand(
    { ...ctx, timeline: [], sequence: 0 },
    "waitlist_offer",
    ctx.now,
    `waitlist:${entryId}:${ctx.booking.startsAt}`,
    { offerUrl: `/waitlist/${encodeURIComponent(entryId)}` },
  ).map((m) => ({ ...m, bookingId: null }));
}

/** A setup change left the booking invalid: the patient is asked to choose another time. */
export function needsMoveMessages(
  ctx: Omit<CareContext, "timeline" | "sequence">,
  reason: string,
): PlannedMessage[] {
  return expand(
    { ...ctx, timeline: [], sequence: 0 },
    "booking_needs_move",
    ctx.now,
    `booking:${ctx.booking.id}:needs_move:${ctx.now}`,
    { reason },
  );
}
