import type { BookingCaps } from "../clinic/types.js";
import { DomainError } from "../errors.js";
import { dayOfInstant } from "../time/calendar.js";
import type { Booking } from "./types.js";

/** A booking as the caps see it: when, whether it is live, and whether it is a treatment session. */
export interface CappedBooking {
  id: string;
  startsAt: string;
  status: Booking["status"];
  isTreatment: boolean;
}

export interface CapCheck {
  caps: BookingCaps;
  timeZone: string;
  now: string;
  /** The patient's bookings from the start of today (clinic zone) on, any status. */
  existing: readonly CappedBooking[];
  /** What the write puts on the calendar (a booking, every session of a series, a move's new places). */
  adding: readonly { startsAt: string; isTreatment: boolean }[];
  /** Existing bookings the write takes away (a move's old places); they do not count against it. */
  replacing?: readonly string[];
}

/**
 * The first cap the write would break, or undefined. A write is refused only when it makes a
 * count both larger than before and larger than the cap, so moving a booking never fails just
 * because the clinic lowered a cap after it was made.
 */
export function capRefusal(check: CapCheck): DomainError | undefined {
  const { caps, timeZone, now } = check;
  const replaced = new Set(check.replacing ?? []);
  const live = check.existing.filter((b) => b.status !== "cancelled");
  const kept = live.filter((b) => !replaced.has(b.id));

  const future = (b: { startsAt: string; isTreatment: boolean }) => b.isTreatment && b.startsAt > now;
  const treatmentsBefore = live.filter((b) => b.status === "booked" && future(b)).length;
  const treatmentsAfter =
    kept.filter((b) => b.status === "booked" && future(b)).length + check.adding.filter(future).length;
  if (treatmentsAfter > caps.maxFutureTreatmentBookings && treatmentsAfter > treatmentsBefore) {
    return limitReached(
      "maxFutureTreatmentBookings",
      caps.maxFutureTreatmentBookings,
      `A patient may hold at most ${caps.maxFutureTreatmentBookings} upcoming treatment bookings; this would make ${treatmentsAfter}.`,
    );
  }

  const dayOf = (b: { startsAt: string }) => dayOfInstant(b.startsAt, timeZone);
  const consultationDays = new Set(check.adding.filter((b) => !b.isTreatment).map(dayOf));
  for (const day of [...consultationDays].sort()) {
    const onDay = (b: { startsAt: string; isTreatment: boolean }) => !b.isTreatment && dayOf(b) === day;
    const before = live.filter(onDay).length;
    const after = kept.filter(onDay).length + check.adding.filter(onDay).length;
    if (after > caps.maxConsultationsPerDay && after > before) {
      return limitReached(
        "maxConsultationsPerDay",
        caps.maxConsultationsPerDay,
        `A patient may have at most ${caps.maxConsultationsPerDay} consultation(s) on one day; ${day} would have ${after}.`,
        { day },
      );
    }
  }
  return undefined;
}

/** The refusal for a cap, naming it and its number (`limit`, `max`) for clients to show. */
export function limitReached(
  limit: keyof BookingCaps,
  max: number,
  message: string,
  extra: Record<string, unknown> = {},
): DomainError {
  return new DomainError("limit_reached", message, { limit, max, ...extra });
}
