import { judgePatient, type PatientGating } from "../../domain/booking/patient-gating.js";
import type { Booking } from "../../domain/booking/types.js";
import type { Clinic, Service } from "../../domain/clinic/types.js";
import type { Override } from "../../domain/protocol/intake.js";
import { bindOverride } from "../../domain/protocol/intake-facts.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { addDays, dayOfInstant, startOfDay } from "../../domain/time/calendar.js";
import { listActiveBookingsByPatient } from "../../store/booking.repository.js";
import { findIntakeVersion, findLatestIntake, unconfirmedRemovalsOf } from "../../store/intake.repository.js";
import { findAcceptedPlanOverrides } from "../../store/plan.repository.js";
import type { Executor } from "../../store/schema.js";

export interface PatientContext {
  /** The protocol's judgement of the patient for this service, made once for the request. */
  gating: PatientGating;
  /** The patient's live bookings near the window (any service): the patient is never in two places. */
  bookings: Booking[];
}

/**
 * Everything the protocol needs to judge this patient's sessions between `from` and `to`, and
 * the judgement itself. Treatment sessions further away than the longest interval
 * (`interval.minDays`; an override only shortens it) cannot matter, so only those near the
 * window are read.
 */
export async function loadPatientContext(
  db: Executor,
  args: {
    clinic: Clinic;
    protocol: Protocol;
    patientId: string;
    service: Service;
    /** The clinic's services: which of the patient's bookings are treatment sessions. */
    services: readonly Service[];
    from: string;
    to: string;
    now: string;
    /** Bookings being moved: they do not count against themselves. */
    excludeBookingIds?: readonly string[];
  },
): Promise<PatientContext> {
  const { clinic, protocol } = args;
  const reach = protocol.interval.minDays + 1;
  const zone = clinic.timeZone;
  const near = {
    from: startOfDay(addDays(dayOfInstant(args.from, zone), -reach), zone).toString(),
    to: startOfDay(addDays(dayOfInstant(args.to, zone), reach), zone).toString(),
  };
  const [intake, accepted, bookings] = await Promise.all([
    findLatestIntake(db, args.patientId),
    findAcceptedPlanOverrides(db, args.patientId),
    listActiveBookingsByPatient(db, args.patientId, near.from, near.to),
  ]);
  const overrides = await overridesWithFacts(db, args.patientId, accepted);
  const treatmentIds = new Set(args.services.filter((s) => s.isTreatment).map((s) => s.id));
  const excluded = new Set(args.excludeBookingIds ?? []);
  const live = bookings.filter((b) => !excluded.has(b.id));
  return {
    bookings: live,
    gating: judgePatient({
      protocol,
      intake: intake?.data ?? null,
      overrides,
      unconfirmedRemovals: intake ? unconfirmedRemovalsOf(intake) : [],
      addOn: args.service.addOn,
      timeZone: zone,
      today: dayOfInstant(args.now, zone),
      otherSessions: live.filter((b) => treatmentIds.has(b.serviceId)).map((b) => ({ startsAt: b.startsAt })),
    }),
  };
}

/**
 * The accepted overrides, each carrying the intake facts it was accepted for. Overrides stored
 * before they carried facts are bound to the intake version their plan was computed from, which
 * is what the provider saw; read only when such an override exists.
 */
export async function overridesWithFacts(
  db: Executor,
  patientId: string,
  accepted: { overrides: Override[]; intakeVersion: number } | undefined,
): Promise<Override[]> {
  if (!accepted) return [];
  if (accepted.overrides.every((o) => o.facts !== undefined)) return accepted.overrides;
  const seen = await findIntakeVersion(db, patientId, accepted.intakeVersion);
  // Without the intake it was accepted against, an override cannot show what it approved.
  if (!seen) return accepted.overrides.filter((o) => o.facts !== undefined);
  return accepted.overrides.map((o) => (o.facts === undefined ? bindOverride(o, seen.data) : o));
}
