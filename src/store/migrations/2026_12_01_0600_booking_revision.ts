import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * `booking_revision`: counters that every write of a clinic's resource holds bumps in its own
 * transaction, so an app instance may keep the clinic's holds in memory and re-read them only when
 * the count moved (as `clinic.setup_revision` does for the setup). A clinic's revision is the sum
 * of its rows. A booking bumps one of 16 rows (`stripe`, chosen by the booking), not one row for
 * the whole clinic: on PostgreSQL a bumped row stays locked until its transaction commits, and one
 * row would make every booking of the clinic wait for the previous one's commit.
 * Rows appear on first use; no row means nothing was written yet.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable("booking_revision")
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("stripe", "integer", (c) => c.notNull())
    .addColumn("revision", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("booking_revision_pk", ["clinic_id", "stripe"])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("booking_revision").execute();
}
