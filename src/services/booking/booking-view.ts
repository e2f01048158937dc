import type { Booking } from "../../domain/booking/types.js";
import { loadClinicSetup, serviceById } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";

/**
 * A booking as the API answers it: the service's code (`service`, as every request names it)
 * beside its id.
 */
export type BookingView = Booking & { service: string };

/** Adds each booking's service code, read from the clinic's (cached) setup. */
export async function viewBookings(
  deps: ServiceDeps,
  clinicId: string,
  bookings: readonly Booking[],
): Promise<BookingView[]> {
  if (bookings.length === 0) return [];
  const setup = await loadClinicSetup(deps.store.db, clinicId, deps.clock.now().toString(), deps.setupCache);
  return bookings.map((booking) => ({ ...booking, service: serviceById(setup, booking.serviceId).code }));
}

export async function viewBooking(
  deps: ServiceDeps,
  clinicId: string,
  booking: Booking,
): Promise<BookingView> {
  const [view] = await viewBookings(deps, clinicId, [booking]);
  return view as BookingView;
}
