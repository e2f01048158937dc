import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * What a provider records about a treatment session.
 *
 * - `session_chart`: one row per booking: `data` is the chart as JSON (areas, device, depth per
 *   area, passes, add-on details, products and lots, numbing, notes). Written freely until a
 *   provider signs it (`signed_by`, `signed_at`); after that only amendments change it.
 * - `chart_amendment`: a change to a signed chart: who (`author_id` and the name they had then),
 *   when, why, and the fields changed with their values before and after (JSON). Only inserted.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb" } as const)
    : ({ instant: "text", json: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable("session_chart")
    .addColumn("booking_id", "text", (c) => c.primaryKey().references("booking.id").onDelete("cascade"))
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id").onDelete("cascade"))
    .addColumn("data", t.json, (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .addColumn("signed_by", "text")
    .addColumn("signed_at", t.instant)
    .execute();
  await db.schema.createIndex("session_chart_patient").on("session_chart").columns(["patient_id"]).execute();

  await db.schema
    .createTable("chart_amendment")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("booking_id", "text", (c) => c.notNull().references("session_chart.booking_id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.notNull())
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("at", t.instant, (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("changes", t.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("chart_amendment_booking").on("chart_amendment").columns(["booking_id", "at"]).execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("chart_amendment").execute();
  await db.schema.dropTable("session_chart").execute();
}
