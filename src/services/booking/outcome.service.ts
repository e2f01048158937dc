import { type SessionPrincipal, STAFF_ROLES } from "../../domain/accounts/principal.js";
import type { Booking } from "../../domain/booking/types.js";
import { DomainError } from "../../domain/errors.js";
import { findBookingById, setBookingStatus } from "../../store/booking.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizeBookingAccess } from "../access.js";
import { loadClinicSetup, serviceById } from "../clinic/clinic-setup.js";
import { requireConsentForSession } from "../clinical/consent.service.js";
import { recordEvent } from "../events/record-event.js";
import type { ServiceDeps } from "../service-deps.js";
import { type BookingView, viewBooking } from "./booking-view.js";
import { bookingEventPayload } from "./booking-writes.js";

export interface OutcomeRequest {
  clinicId: string;
  bookingId: string;
  outcome: "completed" | "no_show";
}

/** Records an outcome for staff of the booking's clinic (a patient gets 403 for their own booking). */
export async function recordOutcomeAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: Omit<OutcomeRequest, "clinicId">,
): Promise<BookingView> {
  await authorizeBookingAccess(deps.store.db, principal, request.bookingId, STAFF_ROLES);
  const booking = await recordOutcome(deps, { ...request, clinicId: principal.clinicId });
  return viewBooking(deps, principal.clinicId, booking);
}

/**
 * Records what happened once an appointment has started: it took place, or the patient did not
 * come. A treatment session is recorded as completed only if the patient signed its consent forms
 * (`consent_missing` otherwise); booking it was never refused for that, the readiness board flags it.
 */
export async function recordOutcome(deps: ServiceDeps, request: OutcomeRequest): Promise<Booking> {
  return withWriteTransaction(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    const setup = await loadClinicSetup(trx, request.clinicId, now, deps.setupCache);
    const { clinic } = setup;
    const booking = await findBookingById(trx, clinic.id, request.bookingId);
    if (!booking) throw new DomainError("not_found", "No such booking.");
    if (booking.status === request.outcome) return booking;
    if (booking.status !== "booked")
      throw new DomainError("invalid_state", `The booking is ${booking.status}.`);
    if (booking.startsAt > now)
      throw new DomainError("invalid_state", "The appointment has not started yet.");
    const service = serviceById(setup, booking.serviceId);
    if (request.outcome === "completed")
      await requireConsentForSession(trx, clinic.id, booking.patientId, service);
    const updated = await setBookingStatus(trx, clinic.id, booking.id, request.outcome, { updatedAt: now });
    if (!updated) throw new DomainError("not_found", "No such booking.");
    await recordEvent(
      trx,
      deps.store,
      {
        clinicId: clinic.id,
        type: `booking.${request.outcome}`,
        payload: bookingEventPayload(updated, service),
        createdAt: now,
      },
      { setup, booking: updated },
    );
    await deps.recordWrite?.(trx, {
      patientId: updated.patientId,
      action: `booking.${request.outcome}`,
      detail: { bookingId: updated.id },
    });
    return updated;
  });
}
