import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import { ACTIVE_BOOKING_STATUSES, type Booking, type BookingStatus } from "../domain/booking/types.js";
import { DomainError } from "../domain/errors.js";
import { minutesBetween } from "../domain/time/instants.js";
import { fromDbBool, fromDbInstant, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";
import { deleteHolds, insertHolds, MAX_HOLD_MINUTES } from "./hold.repository.js";
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
 */
export async function insertBooking(db: Executor, input: NewBooking): Promise<Booking> {
  const at = toDbInstant(input.createdAt);
  const row = {
    id: input.id ?? randomUUID(),
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
  } satisfies Insertable<BookingTable>;
  const booking = toBooking(row);
  assertBookingTimes(booking);
  await db.insertInto("booking").values(row).execute();
  await insertHolds(db, holdSetOf(booking));
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
  const rows = await db
    .selectFrom("booking")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  return rows.map(toBooking);
}

/** The patient's booked or completed appointments overlapping [from, to), by start. */
export async function listActiveBookingsByPatient(
  db: Executor,
  patientId: string,
  from: string,
  to: string,
): Promise<Booking[]> {
  const rows = await db
    .selectFrom("booking")
    .selectAll()
    .where("patient_id", "=", patientId)
    .where("status", "in", [...ACTIVE_BOOKING_STATUSES])
    .where("starts_at", "<", toDbInstant(to))
    .where("ends_at", ">", toDbInstant(from))
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  return rows.map(toBooking);
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
    })
    .where("id", "=", id)
    .execute();
  if (isActive(moved.status)) {
    await deleteHolds(db, id);
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
  const updated: Booking = {
    ...current,
    status,
    lateCancel: options.lateCancel ?? current.lateCancel,
    updatedAt: canonical(options.updatedAt),
  };
  await db
    .updateTable("booking")
    .set({
      status,
      late_cancel: toDbBool(updated.lateCancel),
      updated_at: toDbInstant(updated.updatedAt),
    })
    .where("id", "=", id)
    .execute();
  if (!isActive(status)) await deleteHolds(db, id);
  else if (!isActive(current.status)) await insertHolds(db, holdSetOf(updated));
  return updated;
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

function toBooking(row: BookingRow): Booking {
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
  };
}
