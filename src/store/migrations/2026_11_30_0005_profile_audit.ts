import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * A clinic's contact details, and an audit trail that still reads true after people change.
 *
 * - `clinic.address`, `clinic.phone`: shown to patients (the phone is whom to call about a red
 *   flag after a treatment); null until an admin fills them in.
 * - `audit_log.actor_name`, `actor_role`: who acted, as they were at the time. Copied onto the row
 *   when it is written, so a later rename or change of role does not rewrite history. Null on rows
 *   written before this migration (their `actor_id` still says who).
 * - `audit_log.target_type`, `target_id`: what the action was about (a booking, a room, a staff
 *   account, the clinic itself); null when it was about nothing in particular (a search).
 * - `audit_log.reason`: the reason the actor gave, where there was one (a cancellation, an
 *   override, accepting a change that leaves bookings needing attention).
 * - `audit_log_clinic_actor_at`, `audit_log_clinic_action_at`: the admin's filters by actor and by
 *   action, newest first, without reading the rest of the clinic's trail.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable("clinic").addColumn("address", "text").execute();
  await db.schema.alterTable("clinic").addColumn("phone", "text").execute();
  for (const column of ["actor_name", "actor_role", "target_type", "target_id", "reason"]) {
    await db.schema.alterTable("audit_log").addColumn(column, "text").execute();
  }
  await db.schema
    .createIndex("audit_log_clinic_actor_at")
    .on("audit_log")
    .columns(["clinic_id", "actor_id", "at"])
    .execute();
  await db.schema
    .createIndex("audit_log_clinic_action_at")
    .on("audit_log")
    .columns(["clinic_id", "action", "at"])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex("audit_log_clinic_action_at").execute();
  await db.schema.dropIndex("audit_log_clinic_actor_at").execute();
  for (const column of ["reason", "target_id", "target_type", "actor_role", "actor_name"]) {
    await db.schema.alterTable("audit_log").dropColumn(column).execute();
  }
  await db.schema.alterTable("clinic").dropColumn("phone").execute();
  await db.schema.alterTable("clinic").dropColumn("address").execute();
}
