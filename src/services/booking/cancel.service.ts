import { Temporal } from "temporal-polyfill";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { refusalForSession } from "../../domain/booking/patient-gating.js";
import type { Booking, WaitlistEntry } from "../../domain/booking/types.js";
import type { Clinic, Service } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { findBookingById, setBookingStatus } from "../../store/booking.repository.js";
import { appendOutboxEvent, type OutboxIdSource } from "../../store/outbox.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { listWaitlist, markWaitlistEntryOffered } from "../../store/waitlist.repository.js";
import { authorizeBookingAccess } from "../access.js";
import { type ClinicSetup, loadClinicSetup, serviceById } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";
import { type BookingView, viewBooking } from "./booking-view.js";
import { bookingEventPayload } from "./booking-writes.js";
import { loadPatientContext } from "./patient-context.js";

export interface CancelRequest {
  clinicId: string;
  bookingId: string;
  reason?: string | undefined;
}

export interface CancelResult {
  booking: Booking;
  /** The waitlist entry the freed slot was offered to, if any. */
  offeredTo: WaitlistEntry | null;
}

/** Inside the clinic's notice period a cancellation is flagged late (the policy decides what follows). */
function isLate(clinic: Clinic, booking: Booking, now: string): boolean {
  const cutoff = Temporal.Instant.from(booking.startsAt).subtract({ hours: clinic.policy.lateCancelHours });
  return Temporal.Instant.compare(Temporal.Instant.from(now), cutoff) > 0;
}

/**
 * The first waiting patient whose window holds the freed time and whom the protocol would let
 * have it: a freed slot is never offered inside someone's washout.
 */
async function offerFreedSlot(
  db: Executor,
  outboxIds: OutboxIdSource,
  setup: ClinicSetup,
  service: Service,
  freed: Booking,
  now: string,
) {
  const { clinic } = setup;
  const protocol = setup.protocol.protocol;
  const waiting = (await listWaitlist(db, clinic.id, "waiting")).filter(
    (e) =>
      e.serviceId === freed.serviceId &&
      e.patientId !== freed.patientId &&
      (e.providerId === null || e.providerId === freed.providerId) &&
      e.fromAt <= freed.startsAt &&
      e.toAt >= freed.endsAt,
  );
  for (const entry of waiting) {
    const context = await loadPatientContext(db, {
      clinic,
      protocol,
      patientId: entry.patientId,
      service,
      services: setup.services,
      from: freed.startsAt,
      to: freed.endsAt,
      now,
    });
    const busy = context.bookings.some(
      (b) => b.blockStartsAt < freed.blockEndsAt && b.blockEndsAt > freed.blockStartsAt,
    );
    if (busy || (service.isTreatment && refusalForSession(context.gating, freed.startsAt))) continue;
    if (!(await markWaitlistEntryOffered(db, clinic.id, entry.id))) continue;
    await appendOutboxEvent(db, outboxIds, {
      clinicId: clinic.id,
      type: "waitlist.offered",
      payload: {
        waitlistEntryId: entry.id,
        patientId: entry.patientId,
        serviceCode: service.code,
        providerId: freed.providerId,
        startsAt: freed.startsAt,
        endsAt: freed.endsAt,
      },
      createdAt: now,
    });
    return { ...entry, status: "offered" as const };
  }
  return null;
}

/**
 * Cancels a booking for a signed-in caller who may reach it (else the same 404 as a missing
 * booking). Who was offered the freed time is not the caller's business: only whether it was.
 */
export async function cancelBookingAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: Omit<CancelRequest, "clinicId">,
): Promise<{ booking: BookingView; offeredToWaitlist: boolean }> {
  await authorizeBookingAccess(deps.store.db, principal, request.bookingId);
  const result = await cancelBooking(deps, { ...request, clinicId: principal.clinicId });
  return {
    booking: await viewBooking(deps, principal.clinicId, result.booking),
    offeredToWaitlist: result.offeredTo !== null,
  };
}

/** Cancels a booking, frees its resources, flags a late cancellation and offers the slot on. */
export async function cancelBooking(deps: ServiceDeps, request: CancelRequest): Promise<CancelResult> {
  return withWriteTransaction(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    const setup = await loadClinicSetup(trx, request.clinicId, now, deps.setupCache);
    const { clinic } = setup;
    const booking = await findBookingById(trx, clinic.id, request.bookingId);
    if (!booking) throw new DomainError("not_found", "No such booking.");
    // Cancelling twice answers like the first time: a retried request must not fail.
    if (booking.status === "cancelled") return { booking, offeredTo: null };
    if (booking.status !== "booked")
      throw new DomainError("invalid_state", `The booking is ${booking.status}.`);
    if (booking.startsAt <= now) {
      throw new DomainError(
        "invalid_state",
        "The appointment has already started; record it as completed or a no-show.",
      );
    }
    const lateCancel = isLate(clinic, booking, now);
    const cancelled = await setBookingStatus(trx, clinic.id, booking.id, "cancelled", {
      lateCancel,
      updatedAt: now,
    });
    if (!cancelled) throw new DomainError("not_found", "No such booking.");
    const service = serviceById(setup, booking.serviceId);
    await appendOutboxEvent(trx, deps.store.outboxIds, {
      clinicId: clinic.id,
      type: "booking.cancelled",
      payload: { ...bookingEventPayload(cancelled, service), lateCancel, reason: request.reason ?? null },
      createdAt: now,
    });
    await deps.recordWrite?.(trx, {
      patientId: cancelled.patientId,
      action: "booking.cancel",
      detail: { bookingId: cancelled.id, lateCancel },
    });
    const offeredTo = await offerFreedSlot(trx, deps.store.outboxIds, setup, service, cancelled, now);
    return { booking: cancelled, offeredTo };
  });
}
