import { judgePatient, type PatientGating } from "../../domain/booking/patient-gating.js";
import { ACTIVE_BOOKING_STATUSES, type Booking } from "../../domain/booking/types.js";
import type { Clinic, Service } from "../../domain/clinic/types.js";
import type { ProductKind } from "../../domain/protocol/codes.js";
import type { Intake, Override } from "../../domain/protocol/intake.js";
import { bindOverride } from "../../domain/protocol/intake-facts.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { intakeWithRoutine } from "../../domain/protocol/routine.js";
import { addDays, dayOfInstant, startOfDay } from "../../domain/time/calendar.js";
import type { DialectName } from "../../store/database.js";
import type { BusyInterval, BusyRange } from "../../store/hold.repository.js";
import { findIntakeVersion, unconfirmedRemovalsOf } from "../../store/intake.repository.js";
import { type PatientRecordReads, readPatientRecordRows } from "../../store/patient-records.repository.js";
import type { Executor } from "../../store/schema.js";

export interface PatientContext {
  /**
   * The protocol's judgement of the patient for this service, made once for the request; null for
   * a service the protocol does not judge (not a treatment), for which no intake, plan or routine
   * is read.
   */
  gating: PatientGating | null;
  /** The patient's live bookings near the window (any service): the patient is never in two places. */
  bookings: Booking[];
  /** Only when asked for with `capsFrom`: what the per-patient caps count. */
  uncancelledFromCaps?: Booking[];
  /** Only when asked for with `busy`: the resources' holds in that range. */
  busy?: BusyInterval[];
}

/** What the store holds that the protocol judges a patient by, read once. */
export interface PatientRecords {
  intake: Intake | null;
  /** Hard blocks and review reasons the current intake removed that no provider has confirmed yet. */
  unconfirmedRemovals: string[];
  /** The accepted plan's overrides, each bound to the intake facts it was accepted for. */
  overrides: Override[];
  /** Whether the patient has an accepted plan at all. */
  hasAcceptedPlan: boolean;
  /** The patient's live bookings between the `near` bounds the reader was given. */
  bookings: Booking[];
  /**
   * The kinds of the products in the patient's skincare routine: a routine retinoid is the
   * intake's ongoing topical retinoid, so its washout gates sessions as the intake's would.
   */
  routineKinds?: ProductKind[];
  /** With `capsFrom`: the patient's uncancelled bookings starting then or later, by start. */
  uncancelledFromCaps?: Booking[];
  /** With `busy`: the resources' holds in that range (see `listBusyOf`). */
  busy?: BusyInterval[];
}

/**
 * The window of bookings that can matter to sessions between `from` and `to`: treatment sessions
 * further away than the longest interval (`interval.minDays`; an override only shortens it)
 * cannot.
 */
export function nearWindow(
  protocol: Protocol,
  timeZone: string,
  window: { from: string; to: string },
): { from: string; to: string } {
  const reach = protocol.interval.minDays + 1;
  return {
    from: startOfDay(addDays(dayOfInstant(window.from, timeZone), -reach), timeZone),
    to: startOfDay(addDays(dayOfInstant(window.to, timeZone), reach), timeZone),
  };
}

/**
 * Reads a patient's intake, accepted plan and live bookings between `near.from` and `near.to`.
 * With `capsFrom`, also the uncancelled bookings from then on (what the per-patient caps count),
 * taken from the same read of the patient's bookings. With `busy`, also the holds a booking write
 * weighs, in the same statement (on PostgreSQL one round trip fewer). With `protocolRecords`
 * false, no intake, plan or routine: they read as none (see `PatientRecordReads`).
 */
export async function readPatientRecords(
  db: Executor,
  dialect: DialectName,
  patientId: string,
  near: { from: string; to: string },
  also: PatientRecordReads & { capsFrom?: string | undefined } = {},
): Promise<PatientRecords> {
  const { capsFrom, busy } = also;
  const {
    latestIntake: intake,
    acceptedPlan: accepted,
    bookings,
    routineKinds,
    busy: holds,
  } = await readPatientRecordRows(
    db,
    dialect,
    patientId,
    capsFrom === undefined
      ? { status: "active", ...near }
      : {
          status: "uncancelled",
          endingAfter: Date.parse(capsFrom) < Date.parse(near.from) ? capsFrom : near.from,
        },
    also,
  );
  const records: PatientRecords = {
    intake: intake?.data ?? null,
    unconfirmedRemovals: intake ? unconfirmedRemovalsOf(intake) : [],
    overrides: await overridesWithFacts(db, patientId, accepted),
    hasAcceptedPlan: accepted !== undefined,
    bookings,
    routineKinds,
    ...(busy === undefined ? {} : { busy: holds }),
  };
  if (capsFrom === undefined) return records;
  // The one read covered both windows; each takes what its own query would have returned.
  const [nearFrom, nearTo, caps] = [Date.parse(near.from), Date.parse(near.to), Date.parse(capsFrom)];
  const live = new Set<string>(ACTIVE_BOOKING_STATUSES);
  return {
    ...records,
    bookings: bookings.filter(
      (b) => live.has(b.status) && Date.parse(b.startsAt) < nearTo && Date.parse(b.endsAt) > nearFrom,
    ),
    uncancelledFromCaps: bookings.filter((b) => Date.parse(b.startsAt) >= caps),
  };
}

/** The protocol's judgement of a patient's records for one service; pure, so one read serves many. */
export function judgeRecords(
  records: PatientRecords,
  args: {
    clinic: Clinic;
    protocol: Protocol;
    service: Service;
    services: readonly Service[];
    now: string;
    excludeBookingIds?: readonly string[] | undefined;
  },
): PatientContext & { gating: PatientGating } {
  const zone = args.clinic.timeZone;
  const treatmentIds = new Set(args.services.filter((s) => s.isTreatment).map((s) => s.id));
  const live = bookingsBesides(records.bookings, args.excludeBookingIds);
  return {
    bookings: live,
    gating: judgePatient({
      protocol: args.protocol,
      intake: records.intake && withRoutineOf(args.protocol, records.intake, records.routineKinds ?? []),
      overrides: records.overrides,
      unconfirmedRemovals: records.unconfirmedRemovals,
      addOn: args.service.addOn,
      timeZone: zone,
      today: dayOfInstant(args.now, zone),
      otherSessions: live.filter((b) => treatmentIds.has(b.serviceId)).map((b) => ({ startsAt: b.startsAt })),
    }),
  };
}

/** The bookings but those being moved, which do not count against themselves. */
function bookingsBesides(bookings: Booking[], excludeBookingIds: readonly string[] | undefined): Booking[] {
  const excluded = new Set(excludeBookingIds ?? []);
  return bookings.filter((b) => !excluded.has(b.id));
}

/** Everything the protocol needs to judge this patient's sessions between `from` and `to`, and the judgement itself. */
export async function loadPatientContext(
  db: Executor,
  args: {
    dialect: DialectName;
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
    /** Also hand over the uncancelled bookings from then on (see `readPatientRecords`). */
    capsFrom?: string | undefined;
    /** Also read these holds, in the same statement (see `readPatientRecords`). */
    busy?: BusyRange | undefined;
  },
): Promise<PatientContext> {
  const near = nearWindow(args.protocol, args.clinic.timeZone, args);
  const judged = args.service.isTreatment;
  const records = await readPatientRecords(db, args.dialect, args.patientId, near, {
    capsFrom: args.capsFrom,
    busy: args.busy,
    protocolRecords: judged,
  });
  const context: PatientContext = judged
    ? judgeRecords(records, args)
    : { bookings: bookingsBesides(records.bookings, args.excludeBookingIds), gating: null };
  return {
    ...context,
    ...(records.uncancelledFromCaps === undefined
      ? {}
      : { uncancelledFromCaps: records.uncancelledFromCaps }),
    ...(records.busy === undefined ? {} : { busy: records.busy }),
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

/** The intake with the routine's products that are medications (one tretinoin, not two). */
function withRoutineOf(protocol: Protocol, intake: Intake, kinds: readonly ProductKind[]): Intake {
  if (kinds.length === 0) return intake;
  const products = kinds.map((kind) => ({ kind, productId: null, name: kind, times: [] }));
  return intakeWithRoutine(protocol, intake, products);
}
