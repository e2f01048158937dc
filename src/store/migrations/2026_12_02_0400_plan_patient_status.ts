import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * `plan_patient_status`: a patient's plans of one status, in the order they were made. Every
 * treatment booking and slot search reads the patient's accepted plan. Without this index SQLite
 * (which keeps no statistics) chose `plan_status_created` for that read, to save a sort, and so
 * walked every accepted plan of every patient: ~1.5 ms a read in a clinic of 2,000 patients,
 * growing with the clinic.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createIndex("plan_patient_status")
    .on("plan")
    .columns(["patient_id", "status", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex("plan_patient_status").execute();
}
