import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * A provider's assessment of a session's outcome: one row per booking, `data` a JSON list of
 * `{ concern, score, improvement }` (score 0–10, improvement on a five-step scale), replaced whole
 * when the provider assesses again; who and when.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb" } as const)
    : ({ instant: "text", json: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable("session_assessment")
    .addColumn("booking_id", "text", (c) => c.primaryKey().references("booking.id").onDelete("cascade"))
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id").onDelete("cascade"))
    .addColumn("data", t.json, (c) => c.notNull())
    .addColumn("assessed_by", "text", (c) => c.notNull())
    .addColumn("assessed_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("session_assessment_patient").on("session_assessment").columns(["patient_id"]).execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("session_assessment").execute();
}
