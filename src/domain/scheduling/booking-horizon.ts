import type { Clinic } from "../clinic/types.js";
import { DomainError } from "../errors.js";
import { addDays, dayOfInstant, startOfDay } from "../time/calendar.js";

type HorizonClinic = Pick<Clinic, "timeZone" | "policy">;

/**
 * The last calendar day (clinic zone) on which an appointment may start: today in the clinic's
 * zone plus `policy.maxAdvanceDays`. Slot search offers nothing later, and booking, series
 * booking and rescheduling refuse a later start with `too_far_ahead`.
 */
export function lastBookableDay(clinic: HorizonClinic, now: string): string {
  return addDays(dayOfInstant(now, clinic.timeZone), clinic.policy.maxAdvanceDays);
}

/** The first instant after the last bookable day (its following midnight, clinic zone): starts must lie before it. */
export function bookingHorizonEnd(clinic: HorizonClinic, now: string): string {
  return startOfDay(addDays(lastBookableDay(clinic, now), 1), clinic.timeZone);
}

/** `too_far_ahead`, naming the last bookable day (`lastBookableOn`, YYYY-MM-DD in the clinic's zone). */
export function tooFarAhead(clinic: HorizonClinic, now: string, path = "startsAt"): DomainError {
  const lastBookableOn = lastBookableDay(clinic, now);
  const days = clinic.policy.maxAdvanceDays;
  return new DomainError(
    "too_far_ahead",
    `The clinic takes bookings at most ${days} days ahead; the last bookable day is ${lastBookableOn}.`,
    { lastBookableOn, fields: [{ path, message: `must be on or before ${lastBookableOn}` }] },
  );
}

/** Refuses a start after the last bookable day. */
export function assertWithinHorizon(clinic: HorizonClinic, now: string, startsAt: string, path = "startsAt") {
  if (Date.parse(startsAt) >= Date.parse(bookingHorizonEnd(clinic, now)))
    throw tooFarAhead(clinic, now, path);
}
