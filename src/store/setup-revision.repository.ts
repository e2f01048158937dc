import { sql } from "kysely";
import type { DialectName } from "./database.js";
import type { Executor } from "./schema.js";

/**
 * A clinic's setup (its services, providers and their hours and exceptions, rooms, devices and
 * protocol) changes rarely and is read by every search and booking. Each write to it bumps the
 * clinic's `setup_revision` in the same transaction, so an app instance may keep the setup in
 * memory and re-read it only when the number moved: one tiny read instead of eight.
 *
 * Every repository function that writes setup calls this first, before its own statements, and
 * expects to run inside the caller's write transaction (`withWriteTransaction`):
 * - the change and the bump commit together or not at all, so no instance keeps serving a setup
 *   that changed under an unchanged number;
 * - on PostgreSQL the bump locks the clinic's row until commit, so two setup writes of one clinic
 *   queue instead of interleaving (two replacements of one provider's week would otherwise merge).
 *   SQLite's `BEGIN IMMEDIATE` already serializes every write.
 * A new setup writer must call it too.
 */
export async function bumpSetupRevision(db: Executor, clinicId: string): Promise<void> {
  await db
    .updateTable("clinic")
    .set((eb) => ({ setup_revision: eb("setup_revision", "+", 1) }))
    .where("id", "=", clinicId)
    .execute();
}

/**
 * Makes a booking write and a setup change of the same clinic wait for each other, so a setup
 * change that looks for the live bookings it would invalidate (setup-impact) sees every booking
 * made under the old setup, and a booking never commits having been judged against a setup that
 * changed under it. Call it before reading the setup, after the patient's lock.
 * PostgreSQL: a share lock on the clinic's row; shares do not block each other, but the revision
 * bump's update waits for them, and they wait for it. SQLite: `BEGIN IMMEDIATE` already lets one
 * writer in at a time, so there is nothing to take.
 */
export async function lockSetupForBooking(
  db: Executor,
  dialect: DialectName,
  clinicId: string,
): Promise<void> {
  if (dialect !== "postgres") return;
  await db.selectFrom("clinic").select("id").where("id", "=", clinicId).forShare().execute();
}

/**
 * The setup change's side of `lockSetupForBooking`, taken first in a change that compares the
 * live bookings against the setup before it: waits for booking writes in flight, holds off new
 * ones, and queues other setup changes (the revision bump would take the same lock later).
 * SQLite: nothing to take, as above.
 */
export async function lockSetupForChange(
  db: Executor,
  dialect: DialectName,
  clinicId: string,
): Promise<void> {
  if (dialect !== "postgres") return;
  await db.selectFrom("clinic").select("id").where("id", "=", clinicId).forNoKeyUpdate().execute();
}

/** The clinic's setup revision; undefined when there is no such clinic. */
export async function findSetupRevision(db: Executor, clinicId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("clinic")
    .select("setup_revision")
    .where("id", "=", clinicId)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.setup_revision);
}

type SetupTable = "provider" | "room" | "device" | "service" | "clinic_closure" | "clinic_product";

/**
 * Changes some columns of one of the clinic's setup rows (already in column form) and bumps the
 * clinic's revision. False when the clinic has no such row; the caller then throws, rolling the
 * bump back with its transaction. Nothing to change: only checks that the row exists.
 */
export async function updateSetupRow(
  db: Executor,
  table: SetupTable,
  clinicId: string,
  id: string,
  set: Record<string, unknown>,
): Promise<boolean> {
  if (Object.keys(set).length === 0) {
    const row = await db
      .selectFrom(table)
      .select("id")
      .where("clinic_id", "=", clinicId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row !== undefined;
  }
  await bumpSetupRevision(db, clinicId);
  const result = await db
    .updateTable(table)
    .set(set)
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The clinic's setup revision and its booking revision (see `findBookingRevision`) in one read:
 * what a slot search checks its instance's caches against. Undefined when there is no such clinic.
 */
export async function findClinicRevisions(
  db: Executor,
  clinicId: string,
): Promise<{ setup: number; booking: number } | undefined> {
  const row = await db
    .selectFrom("clinic")
    .select((eb) => [
      "setup_revision",
      eb
        .selectFrom("booking_revision")
        .select((inner) => inner.fn.coalesce(inner.fn.sum("revision"), sql<number>`0`).as("sum"))
        .where("booking_revision.clinic_id", "=", clinicId)
        .as("booking_revision"),
    ])
    .where("id", "=", clinicId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { setup: Number(row.setup_revision), booking: Number(row.booking_revision ?? 0) };
}
