import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Consent forms and the patients' signatures.
 *
 * - `consent_template`: a version of a clinic's consent form for one kind (`microneedling`, `prp`,
 *   `rf`), published by an admin. Rows are only ever inserted: a published version never changes.
 *   Version 1 of each kind is built into the code and never stored, so the first stored is 2.
 * - `patient_consent`: one signature: the form's kind and version, the name the patient typed, when
 *   (the server's clock), and the request's IP and user agent. Only ever inserted.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres" ? ({ instant: "timestamptz" } as const) : ({ instant: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable("consent_template")
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("published_at", t.instant, (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("consent_template_pk", ["clinic_id", "kind", "version"])
    .execute();

  await db.schema
    .createTable("patient_consent")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("template_version", "integer", (c) => c.notNull())
    .addColumn("typed_name", "text", (c) => c.notNull())
    .addColumn("signed_at", t.instant, (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .execute();
  await db.schema
    .createIndex("patient_consent_patient")
    .on("patient_consent")
    .columns(["patient_id", "kind", "template_version"])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("patient_consent").execute();
  await db.schema.dropTable("consent_template").execute();
}
