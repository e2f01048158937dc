import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import {
  bookingsInvalidatedBy,
  bookingsInvalidatedByProtocol,
  type ImpactedBooking,
  type JudgedSession,
  type PatientUnderProtocol,
  type ProviderSchedule,
  type SetupChange,
} from "../../domain/booking/setup-impact.js";
import type { Booking } from "../../domain/booking/types.js";
import type { Service } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { addDays, dayOfInstant, startOfDay } from "../../domain/time/calendar.js";
import {
  flagBookingNeedsAttention,
  listActiveBookingsByPatient,
  listLiveBookingsFrom,
  listLiveBookingsHoldingResource,
} from "../../store/booking.repository.js";
import { findClinicById } from "../../store/clinic.repository.js";
import { findLatestIntake, unconfirmedRemovalsOf } from "../../store/intake.repository.js";
import { findAcceptedPlanOverrides } from "../../store/plan.repository.js";
import { findProviderById, listHoursExceptions } from "../../store/provider.repository.js";
import type { Executor } from "../../store/schema.js";
import { listServices } from "../../store/service.repository.js";
import { noSuchClinic } from "../access.js";
import { auditStaffAction } from "../audit.js";
import { recordEvent } from "../events/record-event.js";
import type { ServiceDeps } from "../service-deps.js";
import { overridesWithFacts } from "./patient-context.js";

/**
 * How a setup write treats the live bookings it would invalidate: refused with a `conflict` that
 * names them, unless the admin accepts; then they are flagged `needs_attention`, never moved.
 */
export interface ConflictOptions {
  acceptConflicts?: boolean | undefined;
}

/** The outbox event each flagged booking gets; the messages feature tells its patient. */
export const NEEDS_ATTENTION_EVENT = "booking.needs_attention";

/** The far end of "all future exceptions"; stored instants are four-digit years. */
const END_OF_TIME = "9999-12-31T00:00:00Z";

/** A provider's week and every exception that has not ended by `now`, as a setup change sees them. */
export async function loadProviderSchedule(
  db: Executor,
  clinicId: string,
  providerId: string,
  now: string,
): Promise<ProviderSchedule | undefined> {
  const provider = await findProviderById(db, clinicId, providerId);
  if (!provider) return undefined;
  const exceptions = await listHoursExceptions(db, { clinicId, providerId }, now, END_OF_TIME);
  return { provider, exceptions };
}

/**
 * The live bookings (booked, starting at or after `now`) a setup change invalidates, judged on
 * the clinic's wall clock. Reads only the bookings the change can touch: the provider's, or those
 * holding the room or device.
 */
export async function findBookingsInvalidatedBy(
  db: Executor,
  args: { clinicId: string; change: SetupChange; now: string },
): Promise<ImpactedBooking[]> {
  const { clinicId, change, now } = args;
  const clinic = await findClinicById(db, clinicId);
  if (!clinic) throw noSuchClinic();
  let bookings: Booking[];
  switch (change.kind) {
    case "provider_hours":
      bookings = await listLiveBookingsFrom(db, clinicId, now, { providerId: change.after.provider.id });
      break;
    case "provider_inactive":
      bookings = await listLiveBookingsFrom(db, clinicId, now, { providerId: change.providerId });
      break;
    case "room_retired":
      bookings = await listLiveBookingsHoldingResource(db, clinicId, change.roomId, now);
      break;
    case "device_retired":
      bookings = await listLiveBookingsHoldingResource(db, clinicId, change.deviceId, now);
      break;
    case "clinic_closed":
      // The domain keeps those the closure overlaps.
      bookings = await listLiveBookingsFrom(db, clinicId, now);
      break;
  }
  return bookingsInvalidatedBy(change, bookings, clinic.timeZone);
}

/**
 * The live treatment sessions that `after` would refuse and `before` allowed, each judged with
 * the patient's intake, accepted overrides and other sessions, as the booking gate judges them.
 * One read of the clinic's live bookings, then a few reads per patient who has a treatment ahead.
 */
export async function findBookingsInvalidatedByProtocol(
  db: Executor,
  args: { clinicId: string; timeZone: string; before: Protocol; after: Protocol; now: string },
): Promise<ImpactedBooking[]> {
  const { clinicId, timeZone: zone, now } = args;
  const services = await listServices(db, clinicId);
  const treatments = new Map<string, Service>(services.filter((s) => s.isTreatment).map((s) => [s.id, s]));
  const live = (await listLiveBookingsFrom(db, clinicId, now)).filter((b) => treatments.has(b.serviceId));
  const byPatient = new Map<string, Booking[]>();
  for (const b of live) byPatient.set(b.patientId, [...(byPatient.get(b.patientId) ?? []), b]);
  // Sessions further apart than the longer of the two intervals cannot refuse each other.
  const reach = Math.max(args.before.interval.minDays, args.after.interval.minDays) + 1;
  const today = dayOfInstant(now, zone);
  const patients: PatientUnderProtocol[] = [];
  for (const [patientId, ahead] of byPatient) {
    const last = ahead.at(-1) as Booking;
    const from = startOfDay(addDays(today, -reach), zone);
    const to = startOfDay(addDays(dayOfInstant(last.endsAt, zone), reach), zone);
    const [intake, accepted, near] = await Promise.all([
      findLatestIntake(db, patientId),
      findAcceptedPlanOverrides(db, patientId),
      listActiveBookingsByPatient(db, patientId, from, to),
    ]);
    const liveIds = new Set(ahead.map((b) => b.id));
    const sessions: JudgedSession[] = near.flatMap((b) => {
      const service = treatments.get(b.serviceId);
      if (!service) return [];
      return [{ ...b, addOn: service.addOn, live: liveIds.has(b.id) }];
    });
    patients.push({
      gating: {
        intake: intake?.data ?? null,
        overrides: await overridesWithFacts(db, patientId, accepted),
        unconfirmedRemovals: intake ? unconfirmedRemovalsOf(intake) : [],
        timeZone: zone,
        today,
      },
      sessions,
    });
  }
  return bookingsInvalidatedByProtocol(args.before, args.after, patients);
}

/**
 * What a setup write does with the bookings it would invalidate, inside its own transaction:
 * none, nothing; without `acceptConflicts`, a `conflict` naming them (the transaction rolls back,
 * so the change is not applied); with it, each is flagged `needs_attention` with its reason, gets
 * a `booking.needs_attention` outbox event and an audit row naming the change. Nothing is moved
 * or cancelled.
 */
export async function settleSetupImpact(
  deps: ServiceDeps,
  trx: Executor,
  principal: SessionPrincipal,
  impacted: readonly ImpactedBooking[],
  args: {
    /** What the change was, for the audit and the event (e.g. `provider.time_off`). */
    change: string;
    acceptConflicts: boolean;
    now: string;
  },
): Promise<void> {
  if (impacted.length === 0) return;
  if (!args.acceptConflicts) {
    const count = impacted.length === 1 ? "1 booking" : `${impacted.length} bookings`;
    throw new DomainError(
      "conflict",
      `This change would leave ${count} invalid; nothing was changed. Send "acceptConflicts": true to apply it and flag them for the front desk.`,
      {
        bookings: impacted.map(({ id, startsAt, patientId, reason }) => ({
          id,
          startsAt,
          patientId,
          reason,
        })),
      },
    );
  }
  for (const booking of impacted) {
    await flagBookingNeedsAttention(trx, principal.clinicId, booking.id, {
      reason: booking.reason,
      detail: booking.detail,
      at: args.now,
      by: principal.accountId,
    });
    await recordEvent(trx, deps.store, {
      clinicId: principal.clinicId,
      type: NEEDS_ATTENTION_EVENT,
      payload: {
        bookingId: booking.id,
        patientId: booking.patientId,
        startsAt: booking.startsAt,
        reason: booking.reason,
        detail: booking.detail,
        change: args.change,
      },
      createdAt: args.now,
    });
    await auditStaffAction(
      trx,
      principal,
      "booking.needs_attention",
      args.now,
      { bookingId: booking.id, reason: booking.reason, change: args.change, acceptedConflict: true },
      booking.patientId,
      {
        target: { type: "booking", id: booking.id },
        // The audit's reason column says why the booking was flagged: the admin accepted the conflict.
        reason: `accepted conflict of ${args.change}: ${booking.detail}`,
      },
    );
  }
}
