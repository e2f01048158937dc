import type { HoursException, Provider } from "../clinic/types.js";
import type { AddOn } from "../protocol/codes.js";
import type { Protocol } from "../protocol/protocol.schema.js";
import { containsInterval, type Interval, normalizeIntervals } from "../scheduling/intervals.js";
import { expandProviderHours } from "../scheduling/working-time.js";
import { parseInstant } from "../time/instants.js";
import { LocalDays } from "../time/local-days.js";
import { judgePatient, type PatientGatingInput, refusalForSession } from "./patient-gating.js";
import type { Booking } from "./types.js";

/**
 * Which live bookings a change to the clinic's setup would leave invalid, and why. One home for
 * the question, asked by every setup write (time off, weekly hours, a retired room or device, a
 * deactivated provider, a closure, a new protocol version): the write answers 409 with what this
 * returns, or, when the admin accepts, flags each booking `needs_attention` with its reason.
 *
 * Only bookings the change itself breaks count: one that was already invalid before it (flagged
 * by an earlier change, or refused by a review that was pending anyway) is not blamed on this one.
 */

/** What broke, for setup changes; a protocol change gives the booking gate's own refusal code. */
export type AttentionReason =
  | "provider_time_off"
  | "outside_working_hours"
  | "provider_inactive"
  | "room_retired"
  | "device_retired"
  | "clinic_closed";

export interface ImpactedBooking {
  id: string;
  startsAt: string;
  patientId: string;
  /** An `AttentionReason`, or (for a protocol change) the refusal's code, e.g. `washout_not_finished`. */
  reason: string;
  /** The same for the front desk, in a sentence. */
  detail: string;
}

/** The parts of a booking the rules look at. */
export type LiveBooking = Pick<
  Booking,
  "id" | "startsAt" | "endsAt" | "patientId" | "providerId" | "roomId" | "deviceIds"
>;

/** A provider's hours as the booking gate weighs them: the week plus their exceptions. */
export interface ProviderSchedule {
  provider: Provider;
  exceptions: readonly HoursException[];
}

export type SetupChange =
  /** Time off added, weekly hours replaced, extra hours removed: the same provider before and after. */
  | { kind: "provider_hours"; before: ProviderSchedule; after: ProviderSchedule }
  | { kind: "provider_inactive"; providerId: string }
  | { kind: "room_retired"; roomId: string }
  | { kind: "device_retired"; deviceId: string }
  /** The clinic closed over these UTC ranges. */
  | { kind: "clinic_closed"; ranges: readonly { startsAt: string; endsAt: string }[] };

/**
 * The bookings among `bookings` (live ones: booked, not yet started) that `change` invalidates,
 * in the order given. `timeZone` is the clinic's: weekly hours are its wall clock.
 */
export function bookingsInvalidatedBy(
  change: SetupChange,
  bookings: readonly LiveBooking[],
  timeZone: string,
): ImpactedBooking[] {
  switch (change.kind) {
    case "provider_hours":
      return invalidatedByHours(change.before, change.after, bookings, timeZone);
    case "provider_inactive":
      return bookings
        .filter((b) => b.providerId === change.providerId)
        .map((b) => impact(b, "provider_inactive", "The provider no longer works at the clinic."));
    case "room_retired":
      return bookings
        .filter((b) => b.roomId === change.roomId)
        .map((b) => impact(b, "room_retired", "The booking's room has been retired."));
    case "device_retired":
      return bookings
        .filter((b) => b.deviceIds.includes(change.deviceId))
        .map((b) => impact(b, "device_retired", "A device the booking needs has been retired."));
    case "clinic_closed": {
      const closed = normalizeIntervals(change.ranges.map((r) => toInterval(r.startsAt, r.endsAt)));
      return bookings
        .filter((b) => overlapsAny(closed, toInterval(b.startsAt, b.endsAt)))
        .map((b) => impact(b, "clinic_closed", "The clinic is closed at the booking's time."));
    }
  }
}

function invalidatedByHours(
  before: ProviderSchedule,
  after: ProviderSchedule,
  bookings: readonly LiveBooking[],
  timeZone: string,
): ImpactedBooking[] {
  const own = bookings.filter((b) => b.providerId === after.provider.id);
  if (own.length === 0) return [];
  const spans = own.map((b) => toInterval(b.startsAt, b.endsAt));
  const from = Math.min(...spans.map((s) => s.start));
  const to = Math.max(...spans.map((s) => s.end));
  const days = LocalDays.cover(timeZone, from, to);
  const was = expandProviderHours(before.provider, before.exceptions, days);
  const now = expandProviderHours(after.provider, after.exceptions, days);
  const out: ImpactedBooking[] = [];
  own.forEach((booking, i) => {
    const { start, end } = spans[i] as Interval;
    if (!containsInterval(was.working, start, end) || containsInterval(now.working, start, end)) return;
    out.push(
      containsInterval(now.open, start, end)
        ? impact(booking, "provider_time_off", "The provider is off at the booking's time.")
        : impact(booking, "outside_working_hours", "The booking is outside the provider's working hours."),
    );
  });
  return out;
}

/** One treatment session of a patient, as the protocol judges it. */
export interface JudgedSession extends LiveBooking {
  /** The add-on of the booking's service; its own washouts apply. */
  addOn: AddOn | null;
  /**
   * Whether this session can still be invalidated (booked and not yet started). Completed or
   * started sessions are judged by no one, but still keep the others apart.
   */
  live: boolean;
}

/** Everything about one patient the protocol weighs, apart from the protocol itself. */
export interface PatientUnderProtocol {
  gating: Omit<PatientGatingInput, "protocol" | "addOn" | "otherSessions">;
  /** The patient's treatment sessions near the live ones (the interval's reach on both sides). */
  sessions: readonly JudgedSession[];
}

/**
 * The live treatment sessions a new protocol version refuses that the current one allowed, each
 * judged as the booking gate would judge it today (`refusalForSession`), against the patient's
 * other sessions: a longer washout, a longer interval, a new block or review.
 */
export function bookingsInvalidatedByProtocol(
  before: Protocol,
  after: Protocol,
  patients: readonly PatientUnderProtocol[],
): ImpactedBooking[] {
  const out: ImpactedBooking[] = [];
  for (const patient of patients) {
    for (const session of patient.sessions) {
      if (!session.live) continue;
      const others = patient.sessions
        .filter((s) => s.id !== session.id)
        .map((s) => ({ startsAt: s.startsAt }));
      const judge = (protocol: Protocol) =>
        refusalForSession(
          judgePatient({ ...patient.gating, protocol, addOn: session.addOn, otherSessions: others }),
          session.startsAt,
        );
      if (judge(before) !== null) continue;
      const refusal = judge(after);
      if (refusal !== null) out.push(impact(session, refusal.code, refusal.message));
    }
  }
  return out.sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0));
}

function impact(booking: LiveBooking, reason: string, detail: string): ImpactedBooking {
  return { id: booking.id, startsAt: booking.startsAt, patientId: booking.patientId, reason, detail };
}

function toInterval(startsAt: string, endsAt: string): Interval {
  return { start: parseInstant(startsAt, "startsAt"), end: parseInstant(endsAt, "endsAt") };
}

function overlapsAny(normalized: readonly Interval[], span: Interval): boolean {
  return normalized.some((c) => c.start < span.end && span.start < c.end);
}
