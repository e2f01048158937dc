import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Accounts an admin can switch off, and patient sign-ups that wait for the mailbox's owner.
 *
 * - `account.disabled_at`: set when an admin disables a staff account; a disabled account cannot
 *   sign in, reset its password, or use a session it already had.
 * - `patient_signup`: a self-registration for an email the clinic has no account for. Nothing is
 *   created until someone follows the emailed link (its SHA-256 is the key), so the sign-up form
 *   answers the same whether or not the email already has an account, and a stranger cannot open
 *   an account on somebody else's address.
 */
function instantType(dialect: DialectName) {
  return dialect === "postgres" ? "timestamptz" : "text";
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const instant = instantType(dialect);

  await db.schema.alterTable("account").addColumn("disabled_at", instant).execute();

  await db.schema
    .createTable("patient_signup")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    // Trimmed and lower-cased, like account.email.
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("time_zone", "text", (c) => c.notNull())
    // argon2id, computed when the form was sent: confirming the link does no hashing.
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", instant, (c) => c.notNull())
    .addColumn("expires_at", instant, (c) => c.notNull())
    .addColumn("used_at", instant)
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("patient_signup").execute();
  await db.schema.alterTable("account").dropColumn("disabled_at").execute();
}
