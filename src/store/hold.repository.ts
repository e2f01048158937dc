import {
  type InsertQueryBuilder,
  type InsertResult,
  type OnConflictBuilder,
  type QueryCreator,
  sql,
} from "kysely";
import { DomainError } from "../domain/errors.js";
import { addMinutes, minutesBetween } from "../domain/time/instants.js";
import { fromDbInstant, toDbInstant } from "./codec.js";
import { HoldOverlapError } from "./db-errors.js";
import type { Database, Executor } from "./schema.js";

/**
 * No hold is longer than this. Queries use it as a lower bound on `starts_at`, which turns
 * "overlaps [from, to)" into a tight range scan on the (…, starts_at) indexes instead of a scan of
 * every earlier hold.
 */
export const MAX_HOLD_MINUTES = 24 * 60;

export interface BusyInterval {
  resourceId: string;
  startsAt: string;
  endsAt: string;
}

export interface Hold extends BusyInterval {
  bookingId: string;
}

/**
 * Every hold in the clinic overlapping [from, to) — providers, rooms, devices and patients alike —
 * in one query, ordered by resource then start.
 */
export async function listBusy(
  db: Executor,
  clinicId: string,
  from: string,
  to: string,
): Promise<BusyInterval[]> {
  const rows = await db
    .selectFrom("resource_hold")
    .select(["resource_id", "starts_at", "ends_at"])
    .where("clinic_id", "=", clinicId)
    .where("starts_at", ">=", toDbInstant(addMinutes(from, -MAX_HOLD_MINUTES)))
    .where("starts_at", "<", toDbInstant(to))
    .where("ends_at", ">", toDbInstant(from))
    .orderBy("resource_id")
    .orderBy("starts_at")
    .execute();
  return rows.map((row) => ({
    resourceId: row.resource_id,
    startsAt: fromDbInstant(row.starts_at),
    endsAt: fromDbInstant(row.ends_at),
  }));
}

/**
 * The holds of `resourceIds` overlapping [from, to), in no set order (each resource's come by
 * start): what a slot search weighs, the providers, rooms and devices the service can use. A
 * walk of the (resource_id, starts_at, ends_at) index per resource, nothing sorted.
 */
export async function listBusyOf(
  db: Executor,
  resourceIds: readonly string[],
  from: string,
  to: string,
): Promise<BusyInterval[]> {
  if (resourceIds.length === 0) return [];
  const rows = await busyOfQuery(db, { resourceIds, from, to }).execute();
  // Decoded in place: a month of a busy clinic is thousands of rows, and a copy each adds up.
  for (const row of rows) {
    row.startsAt = fromDbInstant(row.startsAt);
    row.endsAt = fromDbInstant(row.endsAt);
  }
  return rows as BusyInterval[];
}

/** Which holds `listBusyOf` reads: those of `resourceIds` overlapping [from, to). */
export interface BusyRange {
  resourceIds: readonly string[];
  from: string;
  to: string;
}

/** The query behind `listBusyOf` (at least one resource), for a statement that nests it. */
export function busyOfQuery(db: QueryCreator<Database>, range: BusyRange) {
  return db
    .selectFrom("resource_hold")
    .select(["resource_id as resourceId", "starts_at as startsAt", "ends_at as endsAt"])
    .where("resource_id", "in", [...range.resourceIds])
    .where("starts_at", ">=", toDbInstant(addMinutes(range.from, -MAX_HOLD_MINUTES)))
    .where("starts_at", "<", toDbInstant(range.to))
    .where("ends_at", ">", toDbInstant(range.from));
}

/**
 * Holds on any of `resourceIds` overlapping [startsAt, endsAt) (touching ends do not overlap),
 * ignoring `excludeBookingId`'s own holds (for a reschedule). SQLite has no exclusion constraint:
 * the booking service calls this inside `withWriteTransaction` before writing, which `BEGIN
 * IMMEDIATE` makes race-free. Works on PostgreSQL too, where the constraint still has the last word.
 */
export async function findOverlappingHolds(
  db: Executor,
  resourceIds: readonly string[],
  startsAt: string,
  endsAt: string,
  excludeBookingId?: string,
): Promise<Hold[]> {
  if (resourceIds.length === 0) return [];
  let query = db
    .selectFrom("resource_hold")
    .select(["booking_id", "resource_id", "starts_at", "ends_at"])
    .where("resource_id", "in", [...resourceIds])
    .where("starts_at", ">=", toDbInstant(addMinutes(startsAt, -MAX_HOLD_MINUTES)))
    .where("starts_at", "<", toDbInstant(endsAt))
    .where("ends_at", ">", toDbInstant(startsAt));
  if (excludeBookingId !== undefined) query = query.where("booking_id", "<>", excludeBookingId);
  const rows = await query.orderBy("starts_at").orderBy("resource_id").execute();
  return rows.map((row) => ({
    bookingId: row.booking_id,
    resourceId: row.resource_id,
    startsAt: fromDbInstant(row.starts_at),
    endsAt: fromDbInstant(row.ends_at),
  }));
}

/**
 * The last word before a write on SQLite, where no constraint guards overlaps: inside the
 * `BEGIN IMMEDIATE` transaction nobody else can write, so an empty answer here stays true.
 * On PostgreSQL the exclusion constraint decides; this read is then only an early answer.
 * Either way a clash throws `HoldOverlapError`, which `withOverlapRetry` answers by reading the
 * calendar again (and finally with `slot_taken`).
 */
export async function assertHoldsFree(
  db: Executor,
  resourceIds: readonly string[],
  block: { blockStartsAt: string; blockEndsAt: string },
  excludeBookingId?: string,
): Promise<void> {
  const clashes = await findOverlappingHolds(
    db,
    resourceIds,
    block.blockStartsAt,
    block.blockEndsAt,
    excludeBookingId,
  );
  if (clashes.length > 0) throw new HoldOverlapError("A hold overlaps the one being written.");
}

export interface HoldSet {
  bookingId: string;
  /**
   * The booking's patient: chooses which of the clinic's revision counters the write bumps (the
   * booking's id when absent). One patient's writes, which already queue on the patient's lock,
   * then bump one counter, so two transactions never take two counters in opposite orders.
   */
  patientId?: string;
  clinicId: string;
  resourceIds: readonly string[];
  startsAt: string;
  endsAt: string;
}

/**
 * Writes one hold per resource (duplicates collapse), in resource id order. On PostgreSQL an overlap with another
 * booking's hold fails here with SQLSTATE 23P01 (`isOverlapViolation`) and aborts the transaction.
 */
export async function insertHolds(db: Executor, holds: HoldSet): Promise<void> {
  const rows = holdRowsOf(holds);
  if (rows.length === 0) return;
  await db.insertInto("resource_hold").values(rows).execute();
  await bumpBookingRevision(db, holds.clinicId, holds.patientId ?? holds.bookingId);
}

/**
 * PostgreSQL only: `write` (the row the holds belong to: their booking), then `insertHolds`, in
 * one statement, so one round trip instead of three. SQLite allows no INSERT inside WITH.
 * Everything `insertHolds` promises still holds: an overlap fails the statement with 23P01, and
 * the holds go in resource id order before the revision bump, which reads them (`held`) and so
 * cannot run first. `write` is not read: PostgreSQL runs it to completion at the end of the
 * statement, and the holds' foreign key to it is checked after that.
 */
export async function insertWithHolds<Table extends keyof Database>(
  db: Executor,
  write: (db: QueryCreator<Database>) => InsertQueryBuilder<Database, Table, InsertResult>,
  holds: HoldSet,
): Promise<void> {
  const rows = holdRowsOf(holds);
  if (rows.length === 0) {
    await write(db).execute();
    return;
  }
  await db
    .with("written", write)
    .with("held", (qc) => qc.insertInto("resource_hold").values(rows).returning("resource_id"))
    .insertInto("booking_revision")
    .columns(["clinic_id", "stripe", "revision"])
    .expression((eb) =>
      eb
        .selectFrom(eb.selectFrom("held").select(eb.fn.countAll().as("count")).as("all_held"))
        .select([
          eb.val(holds.clinicId).as("clinic_id"),
          eb.val(stripeOf(holds.patientId ?? holds.bookingId)).as("stripe"),
          eb.val(1).as("revision"),
        ]),
    )
    .onConflict(countAnotherRevision)
    .execute();
}

/** One row per resource (duplicates collapse), in resource id order; refuses an overlong hold. */
function holdRowsOf(holds: HoldSet) {
  assertHoldLength(holds.startsAt, holds.endsAt);
  // Sorted, so every writer takes its index and constraint locks in one order: two bookings that
  // share resources wait for each other instead of deadlocking.
  const resourceIds = [...new Set(holds.resourceIds)].sort();
  const startsAt = toDbInstant(holds.startsAt);
  const endsAt = toDbInstant(holds.endsAt);
  return resourceIds.map((resourceId) => ({
    booking_id: holds.bookingId,
    clinic_id: holds.clinicId,
    resource_id: resourceId,
    starts_at: startsAt,
    ends_at: endsAt,
  }));
}

/** Deletes a booking's holds; `patientId` as in `HoldSet`. */
export async function deleteHolds(db: Executor, bookingId: string, patientId?: string): Promise<void> {
  const deleted = await db
    .deleteFrom("resource_hold")
    .where("booking_id", "=", bookingId)
    .returning("clinic_id")
    .executeTakeFirst();
  if (deleted !== undefined) await bumpBookingRevision(db, deleted.clinic_id, patientId ?? bookingId);
}

/** How many counter rows a clinic's booking revision is spread over (see the migration). */
export const BOOKING_REVISION_STRIPES = 16;

/**
 * Counts one write of the clinic's holds, in the writer's transaction, so every instance that keeps
 * the clinic's holds in memory reads them again (`findBookingRevision`). `insertHolds` and
 * `deleteHolds` call it; a new writer of `resource_hold` must too. The row is chosen by the patient
 * (`stripeKey`), so concurrent bookings of one clinic mostly bump different rows and do not queue
 * on one lock.
 */
export async function bumpBookingRevision(db: Executor, clinicId: string, stripeKey: string): Promise<void> {
  await db
    .insertInto("booking_revision")
    .values({ clinic_id: clinicId, stripe: stripeOf(stripeKey), revision: 1 })
    .onConflict(countAnotherRevision)
    .execute();
}

/** A stripe's first write inserts its row with revision 1; every later one adds one. */
function countAnotherRevision(oc: OnConflictBuilder<Database, "booking_revision">) {
  return oc.columns(["clinic_id", "stripe"]).doUpdateSet({ revision: sql`booking_revision.revision + 1` });
}

/**
 * The clinic's booking revision: the sum of its counters, which grows by one with every committed
 * hold write. Read in one statement, it counts the writes committed as of that statement, so an
 * unchanged sum means no hold changed since an earlier read.
 */
export async function findBookingRevision(db: Executor, clinicId: string): Promise<number> {
  const row = await db
    .selectFrom("booking_revision")
    .select((eb) => eb.fn.sum<number | string | bigint>("revision").as("revision"))
    .where("clinic_id", "=", clinicId)
    .executeTakeFirst();
  return Number(row?.revision ?? 0);
}

function stripeOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % BOOKING_REVISION_STRIPES;
}

/**
 * Every hold of `resourceIds` that starts in [from, to): what an instance's cache of a clinic's
 * holds reads (ranges that do not overlap never return a hold twice). Patients' holds are left out
 * by naming the clinic's providers, rooms and devices, which walks the (resource_id, starts_at)
 * index as a search does.
 */
export async function listHoldsStartingIn(
  db: Executor,
  resourceIds: readonly string[],
  from: string,
  to: string,
): Promise<BusyInterval[]> {
  if (resourceIds.length === 0) return [];
  const rows = await db
    .selectFrom("resource_hold")
    .select(["resource_id as resourceId", "starts_at as startsAt", "ends_at as endsAt"])
    .where("resource_id", "in", [...resourceIds])
    .where("starts_at", ">=", toDbInstant(from))
    .where("starts_at", "<", toDbInstant(to))
    .execute();
  for (const row of rows) {
    row.startsAt = fromDbInstant(row.startsAt);
    row.endsAt = fromDbInstant(row.endsAt);
  }
  return rows as BusyInterval[];
}

function assertHoldLength(startsAt: string, endsAt: string): void {
  const minutes = minutesBetween(startsAt, endsAt);
  if (!(minutes > 0 && minutes <= MAX_HOLD_MINUTES)) {
    throw new DomainError(
      "invalid_input",
      `A booking must last more than 0 and at most ${MAX_HOLD_MINUTES} minutes`,
      {
        startsAt,
        endsAt,
      },
    );
  }
}

/** A live booking as a refusal names it. */
export interface LiveBookingRef {
  id: string;
  startsAt: string;
  patientId: string;
  serviceId: string;
}

/**
 * The `booked` bookings of the clinic that hold `resourceId` (a room or a device) and have not
 * ended by `now`, by start: what retiring the resource would leave without it. Holds exist only
 * for live bookings, so the walk starts on the hold index of the resource.
 */
export async function listLiveBookingsHolding(
  db: Executor,
  clinicId: string,
  resourceId: string,
  now: string,
): Promise<LiveBookingRef[]> {
  const rows = await db
    .selectFrom("resource_hold")
    .innerJoin("booking", "booking.id", "resource_hold.booking_id")
    .select([
      "booking.id as id",
      "booking.starts_at as startsAt",
      "booking.patient_id as patientId",
      "booking.service_id as serviceId",
    ])
    .where("resource_hold.resource_id", "=", resourceId)
    .where("resource_hold.clinic_id", "=", clinicId)
    .where("resource_hold.ends_at", ">", toDbInstant(now))
    .where("booking.status", "=", "booked")
    .where("booking.ends_at", ">", toDbInstant(now))
    .orderBy("booking.starts_at")
    .orderBy("booking.id")
    .execute();
  return rows.map((row) => ({ ...row, startsAt: fromDbInstant(row.startsAt) }));
}
