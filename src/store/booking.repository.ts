import type { Insertable } from "kysely";
import {
  ACTIVE_BOOKING_STATUSES,
  type Booking,
  type BookingStatus,
  type NeedsAttention,
} from "../domain/booking/types.js";
import type { ReportBooking } from "../domain/clinical/reports.js";
import { DomainError } from "../domain/errors.js";
import { minutesBetween } from "../domain/time/instants.js";
import { fromDbBool, fromDbInstant, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";
import type { DialectName } from "./database.js";
import { deleteHolds, insertHolds, insertWithHolds, MAX_HOLD_MINUTES } from "./hold.repository.js";
import { timeOrderedId } from "./ordered-ids.js";
import type { BookingRow, BookingTable, Executor } from "./schema.js";

export interface NewBooking {
  /** Lets a caller name the booking up front (e.g. to record it under an idempotency key). */
  id?: string;
  clinicId: string;
  patientId: string;
  serviceId: string;
  providerId: string;
  roomId?: string | null;
  deviceIds?: string[];
  startsAt: string;
  endsAt: string;
  /** Default to startsAt / endsAt (no buffers). */
  blockStartsAt?: string;
  blockEndsAt?: string;
  seriesId?: string | null;
  seriesNumber?: number | null;
  planId?: string | null;
  createdAt: string;
}

/**
 * Inserts a `booked` booking and its holds (provider, room, each device and the patient, all for
 * [blockStartsAt, blockEndsAt)) through `db`; run it inside `withWriteTransaction`. It does not look
 * for conflicts: on SQLite the caller checks `findOverlappingHolds` first in the same transaction;
 * on PostgreSQL an overlap fails with `isOverlapViolation(error)` and the transaction must end.
 * With `dialect` "postgres" the booking and its holds are one statement (`insertWithHolds`);
 * without it, separate statements, which work on either dialect.
 */
export async function insertBooking(
  db: Executor,
  input: NewBooking,
  dialect?: DialectName,
): Promise<Booking> {
  const at = toDbInstant(input.createdAt);
  const row = {
    id: input.id ?? timeOrderedId(input.createdAt),
    clinic_id: input.clinicId,
    patient_id: input.patientId,
    service_id: input.serviceId,
    provider_id: input.providerId,
    room_id: input.roomId ?? null,
    device_ids: toDbJson(input.deviceIds ?? []),
    starts_at: toDbInstant(input.startsAt),
    ends_at: toDbInstant(input.endsAt),
    block_starts_at: toDbInstant(input.blockStartsAt ?? input.startsAt),
    block_ends_at: toDbInstant(input.blockEndsAt ?? input.endsAt),
    status: "booked",
    series_id: input.seriesId ?? null,
    series_number: input.seriesNumber ?? null,
    plan_id: input.planId ?? null,
    late_cancel: toDbBool(false),
    created_at: at,
    updated_at: at,
    attention_reason: null,
    attention_detail: null,
    attention_flagged_at: null,
    attention_flagged_by: null,
  } satisfies Insertable<BookingTable>;
  const booking = toBooking(row);
  assertBookingTimes(booking);
  if (dialect === "postgres") {
    await insertWithHolds(db, (qc) => qc.insertInto("booking").values(row), holdSetOf(booking));
  } else {
    await db.insertInto("booking").values(row).execute();
    await insertHolds(db, holdSetOf(booking));
  }
  return booking;
}

export async function findBookingById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<Booking | undefined> {
  const row = await db
    .selectFrom("booking")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toBooking(row);
}

/** Every booking of the patient, any status, by start. */
export async function listBookingsByPatient(db: Executor, patientId: string): Promise<Booking[]> {
  const rows = await bookingsByPatientQuery(db, patientId).execute();
  return rows.map(toBooking);
}

/** Bookings in the order the patient's reads return them: by start, then id. */
export function byStartThenId(a: Booking, b: Booking): number {
  if (a.startsAt !== b.startsAt) return a.startsAt < b.startsAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The read behind `listBookingsByPatient`, for a statement that nests it. */
export function bookingsByPatientQuery(db: Executor, patientId: string) {
  return db
    .selectFrom("booking")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("starts_at")
    .orderBy("id");
}

/** The patient's booked or completed appointments overlapping [from, to), by start. */
export async function listActiveBookingsByPatient(
  db: Executor,
  patientId: string,
  from: string,
  to: string,
): Promise<Booking[]> {
  const rows = await activeBookingsByPatientQuery(db, patientId, from, to).execute();
  return rows.map(toBooking);
}

/** The read behind `listActiveBookingsByPatient`, for a statement that nests it. */
export function activeBookingsByPatientQuery(db: Executor, patientId: string, from: string, to: string) {
  return db
    .selectFrom("booking")
    .selectAll()
    .where("patient_id", "=", patientId)
    .where("status", "in", [...ACTIVE_BOOKING_STATUSES])
    .where("starts_at", "<", toDbInstant(to))
    .where("ends_at", ">", toDbInstant(from))
    .orderBy("starts_at")
    .orderBy("id");
}

/**
 * The patient's bookings that are not cancelled and start at or after `from`, by start: what the
 * per-patient caps count. Reads only the patient's tail of `booking_patient_starts`.
 */
export async function listUncancelledBookingsFrom(
  db: Executor,
  patientId: string,
  from: string,
): Promise<Booking[]> {
  const rows = await db
    .selectFrom("booking")
    .selectAll()
    .where("patient_id", "=", patientId)
    .where("starts_at", ">=", toDbInstant(from))
    .where("status", "<>", "cancelled")
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  return rows.map(toBooking);
}

/**
 * The patient's bookings that are not cancelled and end after `from`, by start: in one read, both
 * what the protocol weighs near a new session and what the per-patient caps count (the caller
 * filters each out of it), instead of one statement each.
 */
export async function listUncancelledBookingsEndingAfter(
  db: Executor,
  patientId: string,
  from: string,
): Promise<Booking[]> {
  const rows = await uncancelledBookingsEndingAfterQuery(db, patientId, from).execute();
  return rows.map(toBooking);
}

/** The read behind `listUncancelledBookingsEndingAfter`, for a statement that nests it. */
export function uncancelledBookingsEndingAfterQuery(db: Executor, patientId: string, from: string) {
  return db
    .selectFrom("booking")
    .selectAll()
    .where("patient_id", "=", patientId)
    .where("ends_at", ">", toDbInstant(from))
    .where("status", "<>", "cancelled")
    .orderBy("starts_at")
    .orderBy("id");
}

/** The clinic's bookings whose appointment overlaps [from, to) (the day calendar), by start. */
export async function listBookingsInWindow(
  db: Executor,
  clinicId: string,
  from: string,
  to: string,
  options: { statuses?: readonly BookingStatus[] } = {},
): Promise<Booking[]> {
  let query = db
    .selectFrom("booking")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("starts_at", "<", toDbInstant(to))
    .where("ends_at", ">", toDbInstant(from));
  if (options.statuses !== undefined) query = query.where("status", "in", [...options.statuses]);
  const rows = await query.orderBy("starts_at").orderBy("id").execute();
  return rows.map(toBooking);
}

export interface BookingMove {
  startsAt: string;
  endsAt: string;
  blockStartsAt?: string;
  blockEndsAt?: string;
  /** Unchanged when omitted. */
  providerId?: string;
  roomId?: string | null;
  deviceIds?: string[];
  updatedAt: string;
}

/**
 * Moves a booking (and, if given, onto other resources), rewriting its holds when it is live.
 * Same conflict contract as `insertBooking`: on SQLite check `findOverlappingHolds(…, id)` first.
 * Returns undefined when the clinic has no such booking.
 */
export async function updateBookingTimes(
  db: Executor,
  clinicId: string,
  id: string,
  move: BookingMove,
): Promise<Booking | undefined> {
  const current = await findBookingById(db, clinicId, id);
  if (!current) return undefined;
  const moved: Booking = {
    ...current,
    providerId: move.providerId ?? current.providerId,
    roomId: move.roomId === undefined ? current.roomId : move.roomId,
    deviceIds: move.deviceIds ?? current.deviceIds,
    startsAt: canonical(move.startsAt),
    endsAt: canonical(move.endsAt),
    blockStartsAt: canonical(move.blockStartsAt ?? move.startsAt),
    blockEndsAt: canonical(move.blockEndsAt ?? move.endsAt),
    updatedAt: canonical(move.updatedAt),
    // A move is a new place, judged afresh by whoever moved it: what was wrong with the old one is over.
    needsAttention: null,
  };
  assertBookingTimes(moved);
  await db
    .updateTable("booking")
    .set({
      provider_id: moved.providerId,
      room_id: moved.roomId,
      device_ids: toDbJson(moved.deviceIds),
      starts_at: toDbInstant(moved.startsAt),
      ends_at: toDbInstant(moved.endsAt),
      block_starts_at: toDbInstant(moved.blockStartsAt),
      block_ends_at: toDbInstant(moved.blockEndsAt),
      updated_at: toDbInstant(moved.updatedAt),
      ...NO_ATTENTION,
    })
    .where("id", "=", id)
    .execute();
  if (isActive(moved.status)) {
    await deleteHolds(db, id, current.patientId);
    await insertHolds(db, holdSetOf(moved));
  }
  return moved;
}

/**
 * Sets the status. Leaving the live statuses (cancelled, no_show) releases the holds; coming back
 * to a live status takes them again (with the same conflict contract as `insertBooking`).
 * `lateCancel` is stored when given. Returns undefined when the clinic has no such booking.
 */
export async function setBookingStatus(
  db: Executor,
  clinicId: string,
  id: string,
  status: BookingStatus,
  options: { lateCancel?: boolean; updatedAt: string },
): Promise<Booking | undefined> {
  const current = await findBookingById(db, clinicId, id);
  if (!current) return undefined;
  // A booking that is no longer booked (cancelled, taken place, missed) needs no one's attention.
  const settled = status !== "booked";
  const updated: Booking = {
    ...current,
    status,
    lateCancel: options.lateCancel ?? current.lateCancel,
    updatedAt: canonical(options.updatedAt),
    needsAttention: settled ? null : current.needsAttention,
  };
  await db
    .updateTable("booking")
    .set({
      status,
      late_cancel: toDbBool(updated.lateCancel),
      updated_at: toDbInstant(updated.updatedAt),
      ...(settled && NO_ATTENTION),
    })
    .where("id", "=", id)
    .execute();
  if (!isActive(status)) await deleteHolds(db, id, current.patientId);
  else if (!isActive(current.status)) await insertHolds(db, holdSetOf(updated));
  return updated;
}

const NO_ATTENTION = {
  attention_reason: null,
  attention_detail: null,
  attention_flagged_at: null,
  attention_flagged_by: null,
} as const;

/**
 * The clinic's live bookings (status booked) starting at or after `from`, by start: what a setup
 * change can still invalidate. Narrowed to one provider, room or device when given.
 */
export async function listLiveBookingsFrom(
  db: Executor,
  clinicId: string,
  from: string,
  holding: { providerId?: string; roomId?: string; patientIds?: readonly string[] } = {},
): Promise<Booking[]> {
  let query = db
    .selectFrom("booking")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("status", "=", "booked")
    .where("starts_at", ">=", toDbInstant(from));
  if (holding.providerId !== undefined) query = query.where("provider_id", "=", holding.providerId);
  if (holding.roomId !== undefined) query = query.where("room_id", "=", holding.roomId);
  if (holding.patientIds !== undefined) {
    if (holding.patientIds.length === 0) return [];
    query = query.where("patient_id", "in", [...holding.patientIds]);
  }
  const rows = await query.orderBy("starts_at").orderBy("id").execute();
  return rows.map(toBooking);
}

/** The clinic's live bookings (status booked) that hold a room or device, starting at or after `from`. */
export async function listLiveBookingsHoldingResource(
  db: Executor,
  clinicId: string,
  resourceId: string,
  from: string,
): Promise<Booking[]> {
  const rows = await db
    .selectFrom("booking")
    .innerJoin("resource_hold", "resource_hold.booking_id", "booking.id")
    .selectAll("booking")
    .where("booking.clinic_id", "=", clinicId)
    .where("resource_hold.resource_id", "=", resourceId)
    .where("booking.status", "=", "booked")
    .where("booking.starts_at", ">=", toDbInstant(from))
    .orderBy("booking.starts_at")
    .orderBy("booking.id")
    .execute();
  return rows.map(toBooking);
}

/** Flags a booking as left invalid by a setup change; a later flag replaces an earlier one. */
export async function flagBookingNeedsAttention(
  db: Executor,
  clinicId: string,
  id: string,
  flag: { reason: string; detail: string; at: string; by: string | null },
): Promise<void> {
  await db
    .updateTable("booking")
    .set({
      attention_reason: flag.reason,
      attention_detail: flag.detail,
      attention_flagged_at: toDbInstant(flag.at),
      attention_flagged_by: flag.by,
    })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    // A booking cancelled meanwhile needs no one's attention.
    .where("status", "=", "booked")
    .execute();
}

/** Clears a booking's flag; false when the clinic has no such booking or it was not flagged. */
export async function clearBookingAttention(
  db: Executor,
  clinicId: string,
  id: string,
  updatedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable("booking")
    .set({ ...NO_ATTENTION, updated_at: toDbInstant(updatedAt) })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .where("attention_reason", "is not", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The clinic's flagged bookings that are still booked, oldest flag first (then by start): the
 * front desk's queue. Reads the `booking_needs_attention` partial index.
 */
export async function listBookingsNeedingAttention(
  db: Executor,
  clinicId: string,
  limit: number,
): Promise<Booking[]> {
  const rows = await db
    .selectFrom("booking")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("attention_reason", "is not", null)
    .where("status", "=", "booked")
    .orderBy("attention_flagged_at")
    .orderBy("starts_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toBooking);
}

/** The resources a live booking holds; the patient too, so one person is never booked twice at once. */
export function heldResourceIds(
  booking: Pick<Booking, "providerId" | "roomId" | "deviceIds" | "patientId">,
): string[] {
  return [
    booking.providerId,
    ...(booking.roomId === null ? [] : [booking.roomId]),
    ...booking.deviceIds,
    booking.patientId,
  ];
}

function holdSetOf(booking: Booking) {
  return {
    bookingId: booking.id,
    patientId: booking.patientId,
    clinicId: booking.clinicId,
    resourceIds: heldResourceIds(booking),
    startsAt: booking.blockStartsAt,
    endsAt: booking.blockEndsAt,
  };
}

/** Refuses, as a domain error, what the table's check would refuse, and holds longer than the cap. */
function assertBookingTimes(b: Booking): void {
  const inOrder =
    minutesBetween(b.blockStartsAt, b.startsAt) >= 0 &&
    minutesBetween(b.startsAt, b.endsAt) > 0 &&
    minutesBetween(b.endsAt, b.blockEndsAt) >= 0;
  if (!inOrder || minutesBetween(b.blockStartsAt, b.blockEndsAt) > MAX_HOLD_MINUTES) {
    throw new DomainError(
      "invalid_input",
      `A booking needs blockStartsAt <= startsAt < endsAt <= blockEndsAt, held at most ${MAX_HOLD_MINUTES} minutes`,
      { startsAt: b.startsAt, endsAt: b.endsAt, blockStartsAt: b.blockStartsAt, blockEndsAt: b.blockEndsAt },
    );
  }
}

function isActive(status: BookingStatus): boolean {
  return ACTIVE_BOOKING_STATUSES.includes(status);
}

/** What a value looks like after a round trip through the database (millisecond precision). */
function canonical(iso: string): string {
  return fromDbInstant(toDbInstant(iso));
}

export function toBooking(row: BookingRow): Booking {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    serviceId: row.service_id,
    providerId: row.provider_id,
    roomId: row.room_id,
    deviceIds: fromDbJson<string[]>(row.device_ids),
    startsAt: fromDbInstant(row.starts_at),
    endsAt: fromDbInstant(row.ends_at),
    blockStartsAt: fromDbInstant(row.block_starts_at),
    blockEndsAt: fromDbInstant(row.block_ends_at),
    status: row.status,
    seriesId: row.series_id,
    seriesNumber: row.series_number,
    planId: row.plan_id,
    lateCancel: fromDbBool(row.late_cancel),
    createdAt: fromDbInstant(row.created_at),
    updatedAt: fromDbInstant(row.updated_at),
    needsAttention: attentionOf(row),
  };
}

function attentionOf(
  row: Pick<
    BookingRow,
    "attention_reason" | "attention_detail" | "attention_flagged_at" | "attention_flagged_by"
  >,
): NeedsAttention | null {
  if (row.attention_reason === null || row.attention_reason === undefined) return null;
  return {
    reason: row.attention_reason,
    detail: row.attention_detail ?? "",
    flaggedAt: fromDbInstant(row.attention_flagged_at ?? ""),
    flaggedBy: row.attention_flagged_by ?? null,
  };
}

/**
 * The clinic's bookings that start before `before`, with their service's code and kind: the rows
 * the clinic reports count. Only the columns they need.
 */
export async function listBookingsForReports(
  db: Executor,
  clinicId: string,
  before: string,
): Promise<ReportBooking[]> {
  const rows = await db
    .selectFrom("booking")
    .innerJoin("service", "service.id", "booking.service_id")
    .select([
      "booking.id",
      "booking.patient_id",
      "booking.provider_id",
      "booking.starts_at",
      "booking.status",
      "booking.late_cancel",
      "booking.series_id",
      "service.code",
      "service.is_treatment",
    ])
    .where("booking.clinic_id", "=", clinicId)
    .where("booking.starts_at", "<", toDbInstant(before))
    .orderBy("booking.starts_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    providerId: r.provider_id,
    serviceCode: r.code,
    isTreatment: fromDbBool(r.is_treatment),
    startsAt: fromDbInstant(r.starts_at),
    status: r.status,
    lateCancel: fromDbBool(r.late_cancel),
    seriesId: r.series_id,
  }));
}
