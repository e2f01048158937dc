import { type Kysely, type SqlBool, sql } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Bookings a setup change left invalid, waiting for the front desk.
 *
 * A change to the clinic's setup (time off, weekly hours, a retired room or device, a deactivated
 * provider, a new protocol version) that the admin applied knowing it breaks live bookings never
 * moves or cancels them; it flags each one instead:
 * - `attention_reason`: a code saying what broke (`provider_time_off`, `washout_not_finished`, …);
 *   null while the booking needs nothing. Moving or cancelling the booking, or staff resolving it,
 *   sets it back to null.
 * - `attention_detail`: the same in a sentence for the front desk.
 * - `attention_flagged_at` / `attention_flagged_by`: when, and which account accepted the change.
 *
 * The partial index holds only flagged rows, so the front desk's list stays cheap however many
 * bookings the clinic has.
 */
function instantType(dialect: DialectName) {
  return dialect === "postgres" ? "timestamptz" : "text";
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const instant = instantType(dialect);
  await db.schema.alterTable("booking").addColumn("attention_reason", "text").execute();
  await db.schema.alterTable("booking").addColumn("attention_detail", "text").execute();
  await db.schema.alterTable("booking").addColumn("attention_flagged_at", instant).execute();
  await db.schema.alterTable("booking").addColumn("attention_flagged_by", "text").execute();
  await db.schema
    .createIndex("booking_needs_attention")
    .on("booking")
    .columns(["clinic_id", "attention_flagged_at"])
    .where(sql<SqlBool>`attention_reason is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex("booking_needs_attention").execute();
  for (const column of ["attention_flagged_by", "attention_flagged_at", "attention_detail", "attention_reason"]) {
    await db.schema.alterTable("booking").dropColumn(column).execute();
  }
}
