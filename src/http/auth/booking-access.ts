import type { FastifyRequest } from "fastify";
import type { Booking } from "../../domain/booking/types.js";
import { DomainError, isDomainError } from "../../domain/errors.js";
import { findBookingById } from "../../store/booking.repository.js";
import type { AppContext } from "../deps.js";
import {
  ALL_ROLES,
  legacyAuthorizePatientAccess,
  type PatientAccess,
  type Role,
  requireSignedIn,
} from "./guards.js";

/**
 * For `/bookings/{id}/…` routes: the booking must be in the caller's clinic and belong to a
 * patient they may reach. Every miss is the same 404, so booking ids do not leak.
 */
export async function authorizeBookingAccess(
  request: FastifyRequest,
  ctx: AppContext,
  bookingId: string,
  roles: readonly Role[] = ALL_ROLES,
): Promise<{ access: PatientAccess; booking: Booking }> {
  const principal = requireSignedIn(request);
  const booking = await findBookingById(ctx.store.db, principal.clinicId, bookingId);
  if (!booking) throw noSuchBooking();
  try {
    return { access: await legacyAuthorizePatientAccess(request, ctx, booking.patientId, roles), booking };
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") throw noSuchBooking();
    throw error;
  }
}

function noSuchBooking(): DomainError {
  return new DomainError("not_found", "No such booking.");
}
