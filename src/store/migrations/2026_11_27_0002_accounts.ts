import { type Kysely, sql } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Sign-in for every role (patients and staff alike), server-side sessions, login throttling that
 * holds across app instances, password-reset tokens, and the request behind each stored plan.
 * Tokens are stored only as SHA-256 hashes: a leaked table does not hand out sessions.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb" } as const)
    : ({ instant: "text", json: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable("account")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    // Stored trimmed and lower-cased, so the unique constraint is case-insensitive.
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("provider_id", "text", (c) => c.references("provider.id").onDelete("set null"))
    .addColumn("patient_id", "text", (c) => c.references("patient.id"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addUniqueConstraint("account_clinic_email", ["clinic_id", "email"])
    // One sign-in per patient record; NULLs (staff) do not collide.
    .addUniqueConstraint("account_patient", ["patient_id"])
    .addCheckConstraint("account_role", sql`role in ('patient', 'front_desk', 'provider', 'admin')`)
    .addCheckConstraint(
      "account_patient_link",
      sql`(role = 'patient' and patient_id is not null) or (role <> 'patient' and patient_id is null)`,
    )
    .execute();
  // Sign-in without a clinic looks the email up across clinics.
  await db.schema.createIndex("account_email").on("account").column("email").execute();

  await db.schema
    .createTable("auth_session")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("account.id").onDelete("cascade"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("expires_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("auth_session_account").on("auth_session").column("account_id").execute();

  // One row per throttled key (`email:…`, `ip:…`): failures in the current window, and a lock.
  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_started_at", t.instant, (c) => c.notNull())
    .addColumn("locked_until", t.instant)
    .execute();

  await db.schema
    .createTable("password_reset_token")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("account.id").onDelete("cascade"))
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("expires_at", t.instant, (c) => c.notNull())
    .addColumn("used_at", t.instant)
    .execute();
  await db.schema
    .createIndex("password_reset_token_account")
    .on("password_reset_token")
    .column("account_id")
    .execute();

  // What was asked for (desiredStartOn, addOns, previousSessionOn, asOf), so a plan can be
  // recomputed exactly when a provider accepts it with overrides.
  await db.schema
    .createTable("plan_request")
    .addColumn("plan_id", "text", (c) => c.primaryKey().references("plan.id").onDelete("cascade"))
    .addColumn("data", t.json, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  for (const table of ["plan_request", "password_reset_token", "login_throttle", "auth_session", "account"]) {
    await db.schema.dropTable(table).execute();
  }
}
