import { type SessionPrincipal, STAFF_ROLES } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import {
  clearBookingAttention,
  findBookingById,
  listBookingsNeedingAttention,
} from "../../store/booking.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizeBookingAccess } from "../access.js";
import { auditStaffAction } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";
import { type BookingView, viewBooking, viewBookings } from "./booking-view.js";

/**
 * The front desk's queue: the principal's clinic's live bookings a setup change left invalid,
 * oldest flag first, each with its reason. A read across patients, so it is audited.
 */
export async function listBookingsNeedingAttentionAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  options: { limit: number },
): Promise<BookingView[]> {
  const db = deps.store.db;
  const bookings = await listBookingsNeedingAttention(db, principal.clinicId, options.limit);
  await auditStaffAction(db, principal, "bookings.needs_attention.list", deps.clock.now().toString(), {
    count: bookings.length,
  });
  return viewBookings(deps, principal.clinicId, bookings);
}

/**
 * Staff decide a flagged booking stands as it is (the provider will come in after all, the
 * patient agreed to the other room): the flag is cleared, and the audit row keeps the note.
 * Moving or cancelling a flagged booking clears it too, without this.
 */
export async function resolveBookingAttentionAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: { bookingId: string; note?: string | undefined },
): Promise<BookingView> {
  await authorizeBookingAccess(deps.store.db, principal, request.bookingId, STAFF_ROLES);
  const now = deps.clock.now().toString();
  const booking = await withWriteTransaction(deps.store, async (trx) => {
    const current = await findBookingById(trx, principal.clinicId, request.bookingId);
    if (!current) throw new DomainError("not_found", "No such booking.");
    if (!current.needsAttention) {
      throw new DomainError("invalid_state", "The booking does not need attention.");
    }
    await clearBookingAttention(trx, principal.clinicId, current.id, now);
    await auditStaffAction(
      trx,
      principal,
      "booking.attention_resolved",
      now,
      { bookingId: current.id, reason: current.needsAttention.reason, note: request.note ?? null },
      current.patientId,
    );
    return findBookingById(trx, principal.clinicId, current.id);
  });
  if (!booking) throw new DomainError("not_found", "No such booking.");
  return viewBooking(deps, principal.clinicId, booking);
}
