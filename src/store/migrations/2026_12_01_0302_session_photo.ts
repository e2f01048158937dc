import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Clinical photos. The image bytes live in the photo store (files under the data folder, named by
 * their SHA-256), not in the database: a row holds the keys of the re-encoded original and of its
 * thumbnail, what it shows (`angle`, `taken` before or after a session, the session's booking if
 * any) and who uploaded it when. Rows are only inserted.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres" ? ({ instant: "timestamptz" } as const) : ({ instant: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable("session_photo")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id").onDelete("cascade"))
    .addColumn("booking_id", "text", (c) => c.references("booking.id").onDelete("set null"))
    .addColumn("angle", "text", (c) => c.notNull())
    .addColumn("taken", "text", (c) => c.notNull())
    .addColumn("original_key", "text", (c) => c.notNull())
    .addColumn("thumbnail_key", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull())
    .addColumn("uploaded_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("session_photo_patient")
    .on("session_photo")
    .columns(["patient_id", "angle", "uploaded_at"])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("session_photo").execute();
}
