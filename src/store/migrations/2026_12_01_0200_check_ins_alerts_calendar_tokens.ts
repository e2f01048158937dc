import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * What patients tell the clinic after a session, what the clinic must look at, and the secret
 * links calendar apps read.
 *
 * - `check_in`: one answered check-in per completed booking and day (3, 14 or 60 days after the
 *   session); the primary key makes "answer once" hold under concurrent submissions.
 * - `alert`: a check-in whose answers the protocol's red flags call for the clinic to look at.
 *   `codes` is a JSON list of red-flag codes; `acknowledged_*` say who first took it up and when
 *   (null while open), so a clinic can report its response times.
 * - `calendar_token`: the SHA-256 of a feed token (never the token), owned by exactly one patient
 *   or one provider; each owner has at most one live token, so rotating replaces it.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb" } as const)
    : ({ instant: "text", json: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable("check_in")
    .addColumn("booking_id", "text", (c) => c.notNull().references("booking.id").onDelete("cascade"))
    .addColumn("day", "integer", (c) => c.notNull())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id").onDelete("cascade"))
    .addColumn("answers", t.json, (c) => c.notNull())
    .addColumn("answered_at", t.instant, (c) => c.notNull())
    .addColumn("answered_by", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("check_in_pk", ["booking_id", "day"])
    .execute();

  await db.schema
    .createTable("alert")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id").onDelete("cascade"))
    .addColumn("booking_id", "text", (c) => c.notNull().references("booking.id").onDelete("cascade"))
    .addColumn("check_in_day", "integer", (c) => c.notNull())
    .addColumn("codes", t.json, (c) => c.notNull())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("raised_at", t.instant, (c) => c.notNull())
    .addColumn("acknowledged_at", t.instant)
    .addColumn("acknowledged_by", "text")
    .addColumn("acknowledged_by_name", "text")
    .execute();
  await db.schema.createIndex("alert_clinic_raised").on("alert").columns(["clinic_id", "raised_at"]).execute();
  await db.schema.createIndex("alert_patient_raised").on("alert").columns(["patient_id", "raised_at"]).execute();

  await db.schema
    .createTable("calendar_token")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("patient_id", "text", (c) => c.unique().references("patient.id").onDelete("cascade"))
    .addColumn("provider_id", "text", (c) => c.unique().references("provider.id").onDelete("cascade"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("calendar_token").execute();
  await db.schema.dropTable("alert").execute();
  await db.schema.dropTable("check_in").execute();
}
