import { ALL_ROLES, isStaff, type Role, type SessionPrincipal } from "../domain/accounts/principal.js";
import type { Booking } from "../domain/booking/types.js";
import type { Patient } from "../domain/clinic/types.js";
import { DomainError, forbidden, isDomainError } from "../domain/errors.js";
import { findBookingById } from "../store/booking.repository.js";
import { findPatientById } from "../store/patient.repository.js";
import type { Executor } from "../store/schema.js";

/**
 * Who may reach which record. Routes check what the principal alone tells (signed in, role,
 * the clinic in the path); these checks need the record itself, so they run inside services.
 */
export interface PatientAccess {
  principal: SessionPrincipal;
  patient: Patient;
  /** True for staff; their reads and writes are audited. */
  byStaff: boolean;
}

/** "Not found" and "not yours" are one answer, so ids and slugs do not leak. */
export function noSuchClinic(): DomainError {
  return new DomainError("not_found", "No such clinic.");
}

export function noSuchPatient(): DomainError {
  return new DomainError("not_found", "No such patient.");
}

export function noSuchBooking(): DomainError {
  return new DomainError("not_found", "No such booking.");
}

/**
 * The part of `authorizePatientAccess` that needs no data: a patient reaches only themselves.
 * A caller that reads the patient itself (in its own transaction) must look in `principal.clinicId`
 * and answer a miss with `noSuchPatient()`.
 */
export function assertMayReachPatient(principal: SessionPrincipal, patientId: string): void {
  if (principal.role === "patient" && principal.patientId !== patientId) throw noSuchPatient();
}

/**
 * A patient reaches only their own record, staff only their clinic's; anything else is the same
 * 404 as a missing patient. Then 403 when the role may not do this to a record it can see
 * (checked second, so it never confirms a foreign id exists).
 */
export async function authorizePatientAccess(
  db: Executor,
  principal: SessionPrincipal,
  patientId: string,
  roles: readonly Role[] = ALL_ROLES,
): Promise<PatientAccess> {
  assertMayReachPatient(principal, patientId);
  const patient = await findPatientById(db, principal.clinicId, patientId);
  if (!patient) throw noSuchPatient();
  if (!roles.includes(principal.role)) throw forbidden();
  return { principal, patient, byStaff: isStaff(principal) };
}

/**
 * The booking must be in the caller's clinic and belong to a patient they may reach. Every miss
 * is the same 404, so booking ids do not leak.
 */
export async function authorizeBookingAccess(
  db: Executor,
  principal: SessionPrincipal,
  bookingId: string,
  roles: readonly Role[] = ALL_ROLES,
): Promise<{ access: PatientAccess; booking: Booking }> {
  const booking = await findBookingById(db, principal.clinicId, bookingId);
  if (!booking) throw noSuchBooking();
  try {
    return { access: await authorizePatientAccess(db, principal, booking.patientId, roles), booking };
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") throw noSuchBooking();
    throw error;
  }
}
