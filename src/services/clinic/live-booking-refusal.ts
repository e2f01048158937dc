import { DomainError } from "../../domain/errors.js";

/** A live booking as a setup change that would invalidate it names it. */
export interface AffectedBooking {
  id: string;
  startsAt: string;
  patientId: string;
}

/**
 * The refusal of a setup change that would leave live bookings wrong (a retired room still held, a
 * closure over a booked day): a `conflict` whose `bookings` list each one, by start, so the front
 * desk can move or cancel them first. Nothing is ever moved or cancelled silently.
 */
export function refusedOverLiveBookings(message: string, bookings: readonly AffectedBooking[]): DomainError {
  return new DomainError("conflict", message, {
    bookings: bookings.map(({ id, startsAt, patientId }) => ({ id, startsAt, patientId })),
  });
}

/** "1 upcoming booking", "3 upcoming bookings". */
export function upcomingBookings(count: number): string {
  return count === 1 ? "1 upcoming booking" : `${count} upcoming bookings`;
}
