import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { MessageVars } from "../domain/messages/types.js";

/**
 * The calendar invite a booking email carries. One booking is one event with a stable UID; each
 * later message about it raises SEQUENCE, so calendar apps replace the event (a move) or remove it
 * (`CANCEL`) instead of adding another.
 *
 * Times are written in UTC (`…Z`), which every calendar reads right; the patient's zone rides
 * along as `X-WR-TIMEZONE` so apps that honour it show the zone the clinic meant. (Writing
 * `TZID=` times would need a VTIMEZONE block of the zone's rules, which ical-generator does not
 * make by itself.)
 */
export interface BookingInvite {
  method: "REQUEST" | "CANCEL";
  uid: string;
  sequence: number;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  summary: string;
  location: string | null;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** When the change was made (DTSTAMP). */
  stampedAt: string;
}

export function bookingInviteIcs(invite: BookingInvite): string {
  const calendar = ical({
    prodId: { company: "Regimen", product: "Regimen", language: "EN" },
    method: invite.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.x([{ key: "X-WR-TIMEZONE", value: invite.timeZone }]);
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    stamp: new Date(invite.stampedAt),
    start: new Date(invite.startsAt),
    end: new Date(invite.endsAt),
    summary: invite.summary,
    location: invite.location,
    status: invite.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: invite.organizer,
    attendees: [{ name: invite.attendee.name, email: invite.attendee.email }],
  });
  return calendar.toString();
}

/** The invite a booking message's variables describe, or null when it carries none. */
export function inviteFromVars(
  vars: MessageVars,
  to: string,
  organizer: { name: string; email: string },
): BookingInvite | null {
  const { icsMethod, icsUid, icsSequence, startsAt, endsAt, timeZone, serviceName, clinicName } = vars;
  if (icsMethod !== "REQUEST" && icsMethod !== "CANCEL") return null;
  if (!icsUid || !startsAt || !endsAt || !timeZone) return null;
  return {
    method: icsMethod,
    uid: icsUid,
    sequence: Number(icsSequence ?? "0"),
    startsAt,
    endsAt,
    timeZone,
    summary: `${serviceName ?? "Appointment"} at ${clinicName ?? organizer.name}`,
    location: vars.clinicAddress || null,
    organizer,
    attendee: { name: vars.patientName ?? to, email: to },
    stampedAt: vars.changedAt ?? startsAt,
  };
}
