import { randomUUID } from "node:crypto";
import { Temporal } from "temporal-polyfill";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { refusalForSession } from "../../domain/booking/patient-gating.js";
import type { Booking, WaitlistEntry } from "../../domain/booking/types.js";
import type { Clinic, Service } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { findBookingById, setBookingStatus } from "../../store/booking.repository.js";
import type { Store } from "../../store/database.js";
import { findOverlappingHolds } from "../../store/hold.repository.js";
import {
  claimOutboxFollowUp,
  completeOutboxFollowUp,
  findOutboxEventById,
  listUnclaimedFollowUps,
} from "../../store/outbox.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import {
  listWaitingEntriesForSlot,
  markWaitlistEntryOffered,
  type WaitlistCursor,
} from "../../store/waitlist.repository.js";
import { authorizeBookingAccess } from "../access.js";
import { type ClinicSetup, loadClinicSetup, serviceById } from "../clinic/clinic-setup.js";
import { recordEvent } from "../events/record-event.js";
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

/** Candidates are read this many at a time, oldest entry first. */
const OFFER_PAGE_SIZE = 50;
/**
 * At most this many candidates are judged for one freed slot, so that one cancellation's offer
 * costs a bounded amount of work however long the waitlist is; a slot none of them can take is
 * not offered.
 */
const OFFER_MAX_CANDIDATES = 200;
/** How long a claim on a cancellation's offer lasts (seconds): a claimant that died is replaced after it. */
export const OFFER_CLAIM_SECONDS = 60;

/**
 * The first waiting patient whose window holds the freed time and whom the protocol would let
 * have it: a freed slot is never offered inside someone's washout, nor to a patient who is
 * elsewhere at that time. Candidates come through the waitlist's window index, a page at a time.
 */
async function offerFreedSlot(
  db: Executor,
  store: Pick<Store, "dialect" | "outboxIds">,
  setup: ClinicSetup,
  service: Service,
  freed: Booking,
  now: string,
): Promise<WaitlistEntry | null> {
  const { clinic } = setup;
  const protocol = setup.protocol.protocol;
  const slot = {
    clinicId: clinic.id,
    serviceId: freed.serviceId,
    providerId: freed.providerId,
    startsAt: freed.startsAt,
    endsAt: freed.endsAt,
    freedBy: freed.patientId,
  };
  let after: WaitlistCursor | undefined;
  for (let judged = 0; judged < OFFER_MAX_CANDIDATES; ) {
    const limit = Math.min(OFFER_PAGE_SIZE, OFFER_MAX_CANDIDATES - judged);
    const page = await listWaitingEntriesForSlot(db, slot, { limit, after });
    for (const entry of page) {
      const context = await loadPatientContext(db, {
        dialect: store.dialect,
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
      // Gating is null for a service that is not a treatment: the protocol does not judge it.
      if (busy || (context.gating && refusalForSession(context.gating, freed.startsAt))) continue;
      const offer = { startsAt: freed.startsAt, endsAt: freed.endsAt, at: now };
      if (!(await markWaitlistEntryOffered(db, clinic.id, entry.id, offer))) continue;
      await recordEvent(
        db,
        store,
        {
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
        },
        { setup },
      );
      return {
        ...entry,
        status: "offered",
        offeredAt: now,
        offerStartsAt: offer.startsAt,
        offerEndsAt: offer.endsAt,
      };
    }
    judged += page.length;
    const last = page.at(-1);
    if (page.length < limit || !last) break;
    after = last;
  }
  return null;
}

/**
 * Makes the waitlist offer a committed cancellation owes (its `booking.cancelled` outbox event
 * carries the follow-up), in a transaction of its own. The event is claimed first, so two
 * instances never work on one offer at once; the work's transaction then marks the follow-up
 * done only if this claim still holds, so the offer is made once even when a claim ran out.
 * Answers the entry offered, or null (nothing suitable, the time is gone, or someone else holds
 * or did the work).
 */
export async function offerFreedTime(deps: ServiceDeps, eventId: string): Promise<WaitlistEntry | null> {
  const claimant = randomUUID();
  const claimedAt = deps.clock.now().toString();
  const claimed = await withWriteTransaction(deps.store, (trx) =>
    claimOutboxFollowUp(trx, eventId, {
      claimant,
      now: claimedAt,
      until: Temporal.Instant.from(claimedAt).add({ seconds: OFFER_CLAIM_SECONDS }).toString(),
    }),
  );
  if (!claimed) return null;
  return withWriteTransaction(deps.store, async (trx) => {
    if (!(await completeOutboxFollowUp(trx, eventId, claimant))) return null;
    const event = await findOutboxEventById(trx, eventId);
    const bookingId = event?.payload.bookingId;
    if (!event || typeof bookingId !== "string") return null;
    const now = deps.clock.now().toString();
    const setup = await loadClinicSetup(trx, event.clinicId, now, deps.setupCache);
    const freed = await findBookingById(trx, event.clinicId, bookingId);
    // Nothing to offer once the time has come, or if someone booked the provider there meanwhile.
    if (freed?.status !== "cancelled" || freed.startsAt <= now) return null;
    const taken = await findOverlappingHolds(trx, [freed.providerId], freed.blockStartsAt, freed.blockEndsAt);
    if (taken.length > 0) return null;
    const service = serviceById(setup, freed.serviceId);
    return offerFreedSlot(trx, deps.store, setup, service, freed, now);
  });
}

/**
 * Makes every waitlist offer that committed cancellations still owe and nobody is working on:
 * those whose process died between the cancellation's commit and its offer, or whose claimant
 * died mid-offer (once the claim has run out). Run at start-up and now and then; safe to run on
 * every instance at once. One event that fails keeps its claim until it runs out and does not
 * stop the others; `failed` counts them and `firstError` says why.
 */
export async function offerPendingFreedTime(
  deps: ServiceDeps,
  options: { batch?: number } = {},
): Promise<{ offered: number; failed: number; firstError?: unknown }> {
  const batch = options.batch ?? 100;
  const result: { offered: number; failed: number; firstError?: unknown } = { offered: 0, failed: 0 };
  for (;;) {
    const now = deps.clock.now().toString();
    const ids = await listUnclaimedFollowUps(deps.store.db, "waitlist_offer", now, batch);
    for (const id of ids) {
      try {
        if (await offerFreedTime(deps, id)) result.offered++;
      } catch (error) {
        result.failed++;
        if (result.failed === 1) result.firstError = error;
      }
    }
    // Events just worked on are done or claimed, so the next page holds only others.
    if (ids.length < batch) return result;
  }
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

/**
 * Cancels a booking, frees its resources, flags a late cancellation, then offers the freed time
 * to the waitlist. The offer is made after the cancellation commits, in its own transaction, so
 * a long waitlist never holds the cancellation up; if the process dies in between, the
 * cancellation's outbox event still owes the offer and `offerPendingFreedTime` makes it.
 */
export async function cancelBooking(deps: ServiceDeps, request: CancelRequest): Promise<CancelResult> {
  const { booking, eventId } = await recordCancellation(deps, request);
  if (eventId === null) return { booking, offeredTo: null };
  try {
    return { booking, offeredTo: await offerFreedTime(deps, eventId) };
  } catch {
    // The cancellation has committed and must be answered as done. The offer is still owed by
    // its outbox event, and the sweep (`offerPendingFreedTime`) makes it once the claim runs out.
    return { booking, offeredTo: null };
  }
}

/**
 * The cancellation's own transaction: the booking's status, its holds, and the
 * `booking.cancelled` event that carries the waitlist offer still owed (`eventId`; null when the
 * booking was already cancelled).
 */
export async function recordCancellation(
  deps: ServiceDeps,
  request: CancelRequest,
): Promise<{ booking: Booking; eventId: string | null }> {
  return withWriteTransaction(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    const setup = await loadClinicSetup(trx, request.clinicId, now, deps.setupCache);
    const { clinic } = setup;
    const booking = await findBookingById(trx, clinic.id, request.bookingId);
    if (!booking) throw new DomainError("not_found", "No such booking.");
    // Cancelling twice answers like the first time: a retried request must not fail.
    if (booking.status === "cancelled") return { booking, eventId: null };
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
    const event = await recordEvent(
      trx,
      deps.store,
      {
        clinicId: clinic.id,
        type: "booking.cancelled",
        payload: { ...bookingEventPayload(cancelled, service), lateCancel, reason: request.reason ?? null },
        createdAt: now,
        followUp: "waitlist_offer",
      },
      { setup, booking: cancelled },
    );
    await deps.recordWrite?.(trx, {
      patientId: cancelled.patientId,
      action: "booking.cancel",
      detail: { bookingId: cancelled.id, lateCancel },
      reason: request.reason ?? null,
    });
    return { booking: cancelled, eventId: event.id };
  });
}
