import { sql } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import type { Booking } from "../domain/booking/types.js";
import type { ProductKind } from "../domain/protocol/codes.js";
import type { Override } from "../domain/protocol/intake.js";
import {
  activeBookingsByPatientQuery,
  bookingsByPatientQuery,
  byStartThenId,
  listActiveBookingsByPatient,
  listBookingsByPatient,
  listUncancelledBookingsEndingAfter,
  toBooking,
  uncancelledBookingsEndingAfterQuery,
} from "./booking.repository.js";
import { fromDbInstant, fromDbJson } from "./codec.js";
import type { DialectName } from "./database.js";
import { type BusyInterval, type BusyRange, busyOfQuery, listBusyOf } from "./hold.repository.js";
import {
  findLatestIntake,
  type IntakeVersion,
  latestIntakeQuery,
  toIntakeVersion,
} from "./intake.repository.js";
import {
  type AcceptedPlanOverrides,
  acceptedPlanOverridesQuery,
  findAcceptedOverrides,
  findAcceptedPlanOverrides,
  toAcceptedPlanOverrides,
} from "./plan.repository.js";
import {
  type ClinicProduct,
  findPatientRoutine,
  findPatientRoutineKinds,
  listProducts,
  type PatientRoutine,
  patientRoutineQuery,
  routineCatalogQuery,
  routineKindsOf,
  routineProductKindsQuery,
  toPatientRoutine,
  toProduct,
} from "./product.repository.js";
import type {
  BookingRow,
  ClinicProductRow,
  Executor,
  IntakeVersionRow,
  PatientRoutineRow,
} from "./schema.js";

/** What the protocol judges one patient by, as stored (see services/booking/patient-context.ts). */
export interface PatientRecordRows {
  latestIntake: IntakeVersion | undefined;
  acceptedPlan: AcceptedPlanOverrides | undefined;
  bookings: Booking[];
  /** The kinds of the products in the patient's routine (see `findPatientRoutineKinds`). */
  routineKinds: ProductKind[];
  /** The holds in the `busy` range asked for, as `listBusyOf` reads them; empty when none was. */
  busy: BusyInterval[];
}

/** Which of the patient's bookings to read, by start. */
export type PatientBookingRange =
  /** Booked or completed, overlapping [from, to) (`listActiveBookingsByPatient`). */
  | { status: "active"; from: string; to: string }
  /** Not cancelled, ending after `endingAfter` (`listUncancelledBookingsEndingAfter`). */
  | { status: "uncancelled"; endingAfter: string };

/** Besides the patient's bookings, what `readPatientRecordRows` reads. */
export interface PatientRecordReads {
  /** The resources' holds a booking write weighs, in this range. */
  busy?: BusyRange | undefined;
  /**
   * False to skip the intake, accepted plan and routine: the protocol judges treatments only, so a
   * booking of any other service (a consultation) needs just the patient's bookings. They then
   * read as none. True when left out.
   */
  protocolRecords?: boolean | undefined;
}

/**
 * The patient's latest intake, accepted plan, bookings in `range` and routine, as the four
 * repositories that own them read them, and with `busy` the resources' holds a booking write
 * weighs. PostgreSQL: one statement, each read nested as a JSON value, so one round trip instead
 * of five or six (in a write, after the patient's lock, as the separate reads were; one statement
 * also reads them all from one snapshot). SQLite runs in the process, where a statement costs no
 * round trip: the plain reads stay.
 */
export async function readPatientRecordRows(
  db: Executor,
  dialect: DialectName,
  patientId: string,
  range: PatientBookingRange,
  reads: PatientRecordReads = {},
): Promise<PatientRecordRows> {
  const { busy } = reads;
  const wantsBusy = busy !== undefined && busy.resourceIds.length > 0;
  const wantsProtocol = reads.protocolRecords !== false;
  if (dialect !== "postgres") {
    const [latestIntake, acceptedPlan, bookings, routineKinds, holds] = await Promise.all([
      wantsProtocol ? findLatestIntake(db, patientId) : undefined,
      wantsProtocol ? findAcceptedPlanOverrides(db, patientId) : undefined,
      range.status === "active"
        ? listActiveBookingsByPatient(db, patientId, range.from, range.to)
        : listUncancelledBookingsEndingAfter(db, patientId, range.endingAfter),
      wantsProtocol ? findPatientRoutineKinds(db, patientId) : [],
      wantsBusy ? listBusyOf(db, busy.resourceIds, busy.from, busy.to) : [],
    ]);
    return { latestIntake, acceptedPlan, bookings, routineKinds, busy: holds };
  }
  const bookings =
    range.status === "active"
      ? activeBookingsByPatientQuery(db, patientId, range.from, range.to)
      : uncancelledBookingsEndingAfterQuery(db, patientId, range.endingAfter);
  const row = await db
    .selectNoFrom([
      ...(wantsProtocol
        ? [
            ...nestedRecords(db, patientId, bookings),
            jsonArrayFrom(routineProductKindsQuery(db, patientId)).as("products"),
          ]
        : [
            sql<null>`null`.as("intake"),
            sql<null>`null`.as("plan"),
            jsonArrayFrom(bookings).as("bookings"),
            sql<null>`null`.as("routine"),
            sql<null>`null`.as("products"),
          ]),
      wantsBusy ? jsonArrayFrom(busyOfQuery(db, busy)).as("busy") : sql<null>`null`.as("busy"),
    ])
    .executeTakeFirstOrThrow();
  const { latestIntake, acceptedPlan, bookings: read, routine } = decodeNestedRecords(row);
  return {
    latestIntake,
    acceptedPlan,
    bookings: read,
    routineKinds:
      routine === undefined
        ? []
        : routineKindsOf(routine.items, fromDbJson<{ id: string; kind: string }[]>(row.products)),
    busy: (fromDbJson<BusyInterval[] | null>(row.busy) ?? []).map((hold) => ({
      resourceId: hold.resourceId,
      startsAt: fromDbInstant(hold.startsAt),
      endsAt: fromDbInstant(hold.endsAt),
    })),
  };
}

/** What a patient's timeline is drawn from, as stored (see services/booking/timeline.service.ts). */
export interface TimelineRecordRows {
  latestIntake: IntakeVersion | undefined;
  /** The overrides on the patient's newest accepted plan; none without one. */
  overrides: Override[];
  /** Every booking of the patient, whatever its status, by start then id. */
  bookings: Booking[];
  routine: PatientRoutine | undefined;
  /**
   * Catalog products of the patient's clinic, at least every one the routine names (their current
   * name and kind); none without a routine.
   */
  catalog: ClinicProduct[];
}

/**
 * Everything a patient's timeline is drawn from. A treatment booking builds the timeline in its
 * own transaction, to plan the preparation messages of the session it books, so this is on the
 * booking's path. PostgreSQL: one statement, each read nested as a JSON value, one round trip
 * instead of five (and one snapshot). SQLite runs in the process, where a statement costs no
 * round trip: the plain reads stay.
 */
export async function readTimelineRecordRows(
  db: Executor,
  dialect: DialectName,
  patientId: string,
  clinicId: string,
): Promise<TimelineRecordRows> {
  if (dialect !== "postgres") {
    const [latestIntake, overrides, bookings, routine] = await Promise.all([
      findLatestIntake(db, patientId),
      findAcceptedOverrides(db, patientId),
      listBookingsByPatient(db, patientId),
      findPatientRoutine(db, patientId),
    ]);
    const catalog = routine ? await listProducts(db, clinicId) : [];
    return { latestIntake, overrides, bookings, routine, catalog };
  }
  const row = await db
    .selectNoFrom([
      ...nestedRecords(db, patientId, bookingsByPatientQuery(db, patientId)),
      jsonArrayFrom(routineCatalogQuery(db, patientId, clinicId)).as("catalog"),
    ])
    .executeTakeFirstOrThrow();
  const { acceptedPlan, ...read } = decodeNestedRecords(row);
  return {
    ...read,
    overrides: acceptedPlan?.overrides ?? [],
    catalog: fromDbJson<ClinicProductRow[]>(row.catalog).map(toProduct),
  };
}

/**
 * PostgreSQL: the reads both of this file's statements nest, each as one JSON value: the latest
 * intake, the accepted plan, the bookings `bookings` selects, and the routine.
 */
function nestedRecords(db: Executor, patientId: string, bookings: Parameters<typeof jsonArrayFrom>[0]) {
  return [
    jsonObjectFrom(latestIntakeQuery(db, patientId)).as("intake"),
    jsonObjectFrom(acceptedPlanOverridesQuery(db, patientId)).as("plan"),
    jsonArrayFrom(bookings).as("bookings"),
    jsonObjectFrom(patientRoutineQuery(db, patientId)).as("routine"),
  ] as const;
}

/**
 * The values `nestedRecords` selected. The JSON arrives as text (see database.ts). Inside it,
 * timestamptz is ISO text, which `fromDbInstant` reads, jsonb columns are already values, which
 * `fromDbJson` passes through, and booleans are true/false, which `fromDbBool` reads: the row
 * decoders take it as it is.
 */
function decodeNestedRecords(row: { intake: unknown; plan: unknown; bookings: unknown; routine: unknown }) {
  const intake = fromDbJson<IntakeVersionRow | null>(row.intake);
  const plan = fromDbJson<Parameters<typeof toAcceptedPlanOverrides>[0] | null>(row.plan);
  const routine = fromDbJson<PatientRoutineRow | null>(row.routine);
  return {
    latestIntake: intake === null ? undefined : toIntakeVersion(intake),
    acceptedPlan: plan === null ? undefined : toAcceptedPlanOverrides(plan),
    // json_agg keeps its subquery's order in practice, but PostgreSQL does not promise it: sort
    // again as the plain reads order them (by start, then id).
    bookings: fromDbJson<BookingRow[]>(row.bookings).map(toBooking).sort(byStartThenId),
    routine: routine === null ? undefined : toPatientRoutine(routine),
  };
}
