import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * The clinic's skincare product catalog and the routine a provider assigns to a patient.
 *
 * - `clinic_product`: a product the clinic recommends (`name`) and its `kind` (one of the
 *   protocol's product kinds: `retinoid`, `sunscreen`, …), which decides how it is paused around a
 *   session. A product is retired (`active` false), never deleted, so a routine that names it
 *   still reads.
 * - `patient_routine`: one row per patient, replaced whole on each assignment: `items` is a JSON
 *   list of `{ kind, productId, times }`; `assigned_by` is the provider's account id.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb", bool: "boolean" } as const)
    : ({ instant: "text", json: "text", bool: "integer" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable("clinic_product")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("active", t.bool, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("clinic_product_clinic").on("clinic_product").columns(["clinic_id", "name"]).execute();

  await db.schema
    .createTable("patient_routine")
    .addColumn("patient_id", "text", (c) => c.primaryKey().references("patient.id").onDelete("cascade"))
    .addColumn("items", t.json, (c) => c.notNull())
    .addColumn("assigned_by", "text", (c) => c.notNull())
    .addColumn("assigned_at", t.instant, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("patient_routine").execute();
  await db.schema.dropTable("clinic_product").execute();
}
