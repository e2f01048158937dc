import { Temporal } from "temporal-polyfill";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { refusalForSession } from "../../domain/booking/patient-gating.js";
import type { Booking } from "../../domain/booking/types.js";
import { DomainError } from "../../domain/errors.js";
import { minSessionGap } from "../../domain/protocol/interval.js";
import { lastBookableDay, tooFarAhead } from "../../domain/scheduling/booking-horizon.js";
import { type Slot, searchSlots } from "../../domain/scheduling/slot-search.js";
import { addDays, dayOfInstant, daysBetween, startOfDay } from "../../domain/time/calendar.js";
import {
  findBookingById,
  heldResourceIds,
  listBookingsByPatient,
  updateBookingTimes,
} from "../../store/booking.repository.js";
import { assertHoldsFree, deleteHolds } from "../../store/hold.repository.js";
import { lockPatientForBooking } from "../../store/patient.repository.js";
import type { Executor } from "../../store/schema.js";
import { lockSetupForBooking } from "../../store/setup-revision.repository.js";
import { withOverlapRetry } from "../../store/transaction.js";
import { authorizeBookingAccess } from "../access.js";
import { loadClinicSetup, serviceById } from "../clinic/clinic-setup.js";
import { recordEvent } from "../events/record-event.js";
import type { ServiceDeps } from "../service-deps.js";
import { assertWithinBookingCaps } from "./booking-caps.js";
import { type BookingView, viewBookings } from "./booking-view.js";
import { blockOf, bookingEventPayload } from "./booking-writes.js";
import {
  assertBookableStart,
  canonicalInstant,
  resolveRequestedSlot,
  type SearchBase,
} from "./slot-resolution.js";
import { loadSearchBase } from "./slot-search.service.js";

export interface RescheduleRequest {
  clinicId: string;
  bookingId: string;
  startsAt: string;
  providerId?: string | undefined;
}

export interface RescheduleResult {
  booking: Booking;
  /** Later sessions of the series that had to move to keep the protocol's interval. */
  alsoMoved: Booking[];
}

export async function getLiveBookingOrFail(db: Executor, clinicId: string, bookingId: string, now: string) {
  const booking = await findBookingById(db, clinicId, bookingId);
  if (!booking) throw new DomainError("not_found", "No such booking.");
  if (booking.status !== "booked")
    throw new DomainError("invalid_state", `The booking is ${booking.status}.`);
  if (booking.startsAt <= now) throw new DomainError("invalid_state", "The appointment has already started.");
  return booking;
}

/** Prefer the booking's own provider; another one only when the asked time has none of theirs. */
function slotForMove(
  base: SearchBase,
  booking: Booking,
  startsAt: string,
  providerId: string | undefined,
): Slot {
  if (providerId !== undefined) return resolveRequestedSlot(base, startsAt, providerId);
  try {
    return resolveRequestedSlot(base, startsAt, booking.providerId);
  } catch (sameProviderError) {
    try {
      return resolveRequestedSlot(base, startsAt);
    } catch {
      throw sameProviderError;
    }
  }
}

/** A new place for a later session: same provider and time of day if possible, then the earliest. */
function nextPlace(
  base: SearchBase,
  session: Booking,
  previousDay: string,
  minDays: number,
  maxDays: number,
  zone: string,
) {
  const window = {
    from: startOfDay(addDays(previousDay, minDays), zone),
    to: startOfDay(addDays(previousDay, maxDays + 1), zone),
  };
  const slots = searchSlots({ ...base, window });
  const timeOfDay = (iso: string) =>
    Temporal.Instant.from(iso).toZonedDateTimeISO(zone).toPlainTime().toString();
  const wantedTime = timeOfDay(session.startsAt);
  const sameProvider = slots.filter((s) => s.providerId === session.providerId);
  return sameProvider.find((s) => timeOfDay(s.startsAt) === wantedTime) ?? sameProvider[0] ?? slots[0];
}

/**
 * Moves a booking for a signed-in caller who may reach it (else the same 404 as a missing
 * booking). Answers the moved booking, in the shape booking answers; later sessions of its
 * series that moved with it come in `alsoMoved`.
 */
export async function rescheduleBookingAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: Omit<RescheduleRequest, "clinicId">,
): Promise<{ booking: BookingView; alsoMoved: BookingView[] }> {
  await authorizeBookingAccess(deps.store.db, principal, request.bookingId);
  const result = await rescheduleBooking(deps, { ...request, clinicId: principal.clinicId });
  const [booking, ...alsoMoved] = await viewBookings(deps, principal.clinicId, [
    result.booking,
    ...result.alsoMoved,
  ]);
  return { booking: booking as BookingView, alsoMoved };
}

/**
 * Moves a booking. The protocol is judged again for the new day; later sessions of the same
 * series that would now come too soon move forward with it, or nothing moves at all.
 */
export async function rescheduleBooking(
  deps: ServiceDeps,
  request: RescheduleRequest,
): Promise<RescheduleResult> {
  const startsAt = canonicalInstant(request.startsAt, "startsAt");
  return withOverlapRetry(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    // Lock the patient, then the setup, before reading what the gate weighs (see lockPatientForBooking).
    const target = await findBookingById(trx, request.clinicId, request.bookingId);
    if (target) await lockPatientForBooking(trx, deps.store.dialect, target.patientId);
    await lockSetupForBooking(trx, deps.store.dialect, request.clinicId);
    const setup = await loadClinicSetup(trx, request.clinicId, now, deps.setupCache);
    const { clinic } = setup;
    const booking = await getLiveBookingOrFail(trx, clinic.id, request.bookingId, now);
    assertBookableStart(clinic, now, startsAt);
    const service = serviceById(setup, booking.serviceId);
    const protocol = setup.protocol.protocol;
    const { targetMaxDays } = protocol.interval;
    const zone = clinic.timeZone;

    const later = booking.seriesId
      ? (await listBookingsByPatient(trx, booking.patientId))
          .filter((b) => b.seriesId === booking.seriesId && b.status === "booked")
          .filter((b) => (b.seriesNumber ?? 0) > (booking.seriesNumber ?? 0))
          .sort((a, b) => (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0))
      : [];
    const moving = [booking, ...later];
    const horizon = addDays(dayOfInstant(startsAt, zone), (later.length + 1) * targetMaxDays + 1);
    const { base, gating } = await loadSearchBase(trx, {
      dialect: deps.store.dialect,
      setup,
      service,
      protocol,
      from: startsAt,
      to: startOfDay(horizon, zone),
      now,
      patientId: booking.patientId,
      excludeBookings: moving,
    });
    const refusal = gating && refusalForSession(gating, startsAt);
    if (refusal) throw refusal;
    // The gap the booking gate enforces (an accepted interval override shortens it).
    const minDays = gating?.gapDays ?? minSessionGap(protocol, []).days;
    const moves: { booking: Booking; slot: Slot }[] = [
      { booking, slot: slotForMove(base, booking, startsAt, request.providerId) },
    ];
    let previousDay = dayOfInstant(startsAt, zone);
    for (const session of later) {
      const day = dayOfInstant(session.startsAt, zone);
      if (daysBetween(previousDay, day) >= minDays) break; // the rest keep their interval already
      const slot = nextPlace(base, session, previousDay, minDays, targetMaxDays, zone);
      if (!slot && addDays(previousDay, minDays) > lastBookableDay(clinic, now)) {
        throw tooFarAhead(clinic, now);
      }
      if (!slot) {
        throw new DomainError(
          "resource_unavailable",
          `Session ${session.seriesNumber} would come too soon and has no free slot ${minDays}–${targetMaxDays} days later; nothing was moved.`,
        );
      }
      moves.push({ booking: session, slot });
      previousDay = dayOfInstant(slot.startsAt, zone);
    }
    await assertWithinBookingCaps(trx, setup, {
      patientId: booking.patientId,
      now,
      adding: moves.map((m) => ({ startsAt: m.slot.startsAt, serviceId: m.booking.serviceId })),
      replacing: moves.map((m) => m.booking.id),
    });

    // Release every moving booking's holds first, so two sessions of one series can swap places.
    for (const move of moves) await deleteHolds(trx, move.booking.id, move.booking.patientId);
    const moved: Booking[] = [];
    for (const { booking: current, slot } of moves) {
      const block = blockOf(service, slot);
      await assertHoldsFree(
        trx,
        heldResourceIds({ ...slot, patientId: current.patientId }),
        block,
        current.id,
      );
      const updated = await updateBookingTimes(trx, clinic.id, current.id, {
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        ...block,
        providerId: slot.providerId,
        roomId: slot.roomId,
        deviceIds: slot.deviceIds,
        updatedAt: now,
      });
      if (!updated) throw new DomainError("not_found", "No such booking.");
      await recordEvent(
        trx,
        deps.store,
        {
          clinicId: clinic.id,
          type: "booking.rescheduled",
          payload: { ...bookingEventPayload(updated, service), previousStartsAt: current.startsAt },
          createdAt: now,
        },
        { setup, booking: updated },
      );
      await deps.recordWrite?.(trx, {
        patientId: updated.patientId,
        action: "booking.reschedule",
        detail: { bookingId: updated.id },
      });
      moved.push(updated);
    }
    const [first, ...rest] = moved;
    if (!first) throw new DomainError("not_found", "No such booking.");
    return { booking: first, alsoMoved: rest };
  });
}
