import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Staff work queues: waitlist offers that say when, and the lists staff and patients read.
 *
 * - `waitlist_entry.offered_at`, `offer_starts_at`, `offer_ends_at`: when a freed slot was offered
 *   to the entry and which time it was; `closed_at`: when the entry was closed (the patient left
 *   it, or it was taken). All null until that happens, and for entries offered or closed before
 *   this migration (when is not known for those).
 * - `waitlist_entry_patient`: a patient's own entries, newest first, without a scan of the clinic.
 * - `plan_status_created`: the provider review queue reads the draft plans, oldest first.
 */
function instantType(dialect: DialectName) {
  return dialect === "postgres" ? "timestamptz" : "text";
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const instant = instantType(dialect);
  for (const column of ["offered_at", "offer_starts_at", "offer_ends_at", "closed_at"]) {
    await db.schema.alterTable("waitlist_entry").addColumn(column, instant).execute();
  }
  await db.schema
    .createIndex("waitlist_entry_patient")
    .on("waitlist_entry")
    .columns(["patient_id", "created_at"])
    .execute();
  await db.schema.createIndex("plan_status_created").on("plan").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex("plan_status_created").execute();
  await db.schema.dropIndex("waitlist_entry_patient").execute();
  for (const column of ["closed_at", "offer_ends_at", "offer_starts_at", "offered_at"]) {
    await db.schema.alterTable("waitlist_entry").dropColumn(column).execute();
  }
}
