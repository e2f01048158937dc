import { type Kysely, sql } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Guards around the protocol:
 * - An idempotency key is scoped to the account that sent it as well as the clinic, so two
 *   accounts that happen to pick the same key never see each other's answer. `account_id` is ''
 *   for requests made without an account (the CLI, the demo seed); rows from before keep ''.
 *   SQLite cannot change a primary key in place, so the table is rebuilt on both dialects alike.
 * - An intake version that removes a hard block or a review reason (against the last confirmed
 *   version) records the removed codes in `pending_removals` and waits for a provider's
 *   confirmation (`confirmed_by`, `confirmed_at`) before a treatment can be booked.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb" } as const)
    : ({ instant: "text", json: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await sql`alter table idempotency_key rename to idempotency_key_by_clinic`.execute(db);
  await db.schema
    .createTable("idempotency_key")
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("response_status", "integer", (c) => c.notNull())
    .addColumn("response_body", t.json, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_key_scope_pk", ["clinic_id", "account_id", "key"])
    .execute();
  await sql`insert into idempotency_key
      (clinic_id, account_id, key, request_hash, response_status, response_body, created_at)
    select clinic_id, '', key, request_hash, response_status, response_body, created_at
      from idempotency_key_by_clinic`.execute(db);
  await db.schema.dropTable("idempotency_key_by_clinic").execute();

  await db.schema.alterTable("intake_version").addColumn("pending_removals", t.json).execute();
  await db.schema.alterTable("intake_version").addColumn("confirmed_by", "text").execute();
  await db.schema.alterTable("intake_version").addColumn("confirmed_at", t.instant).execute();
}

export async function down(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  for (const column of ["confirmed_at", "confirmed_by", "pending_removals"]) {
    await db.schema.alterTable("intake_version").dropColumn(column).execute();
  }

  await sql`alter table idempotency_key rename to idempotency_key_by_account`.execute(db);
  await db.schema
    .createTable("idempotency_key")
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("response_status", "integer", (c) => c.notNull())
    .addColumn("response_body", t.json, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_key_pk", ["clinic_id", "key"])
    .execute();
  // Two accounts' rows under one key cannot both go back: the earliest answer is kept.
  await sql`insert into idempotency_key
      (clinic_id, key, request_hash, response_status, response_body, created_at)
    select clinic_id, key, request_hash, response_status, response_body, created_at
      from idempotency_key_by_account a
     where not exists (
       select 1 from idempotency_key_by_account b
        where b.clinic_id = a.clinic_id and b.key = a.key
          and (b.created_at < a.created_at or (b.created_at = a.created_at and b.account_id < a.account_id)))`.execute(
    db,
  );
  await db.schema.dropTable("idempotency_key_by_account").execute();
}
