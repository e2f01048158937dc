import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { authorizeBookingAccess, authorizePatientAccess } from "../access.js";
import { auditPatientData } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";
import { type BookingView, viewBooking, viewBookings } from "./booking-view.js";

/** One booking the caller may reach (else the same 404 as a missing one); a staff read is audited. */
export async function getBookingAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
): Promise<BookingView> {
  const db = deps.store.db;
  const { access, booking } = await authorizeBookingAccess(db, principal, bookingId);
  await auditPatientData(db, access, "booking.read", deps.clock.now().toString(), { bookingId: booking.id });
  return viewBooking(deps, access.patient.clinicId, booking);
}

/** A patient's bookings by start, for a caller who may reach the patient; a staff read is audited. */
export async function listPatientBookingsAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<BookingView[]> {
  const db = deps.store.db;
  const access = await authorizePatientAccess(db, principal, patientId);
  await auditPatientData(db, access, "bookings.list", deps.clock.now().toString());
  return viewBookings(deps, access.patient.clinicId, await listBookingsByPatient(db, access.patient.id));
}
