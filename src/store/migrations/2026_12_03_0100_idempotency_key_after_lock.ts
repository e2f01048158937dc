import { type Kysely, sql } from "kysely";
import type { DialectName } from "../database.js";

/**
 * PostgreSQL only: `idempotency_key_after_lock(lock_name, clinic_id, account_id, key)` takes the
 * key's transaction lock, waiting for whoever holds it, and then returns the key's recorded answer,
 * if any. One round trip instead of two.
 *
 * It has to be a function: a plain statement reads from a snapshot taken when the statement
 * starts, before its lock is granted, so it would miss the answer that the request it waited for
 * has just committed. Inside a VOLATILE PL/pgSQL function each query takes a fresh snapshot, so
 * the read comes after the lock. The lock is `pg_advisory_xact_lock(hashtextextended(lock_name,
 * 0))`, the same lock as the two-statement way, so servers of either version take turns correctly.
 *
 * SQLite needs nothing: `BEGIN IMMEDIATE` serializes every writer.
 *
 * The function returns the table's own row type, so it follows later columns; a later migration
 * that drops or replaces the table must drop the function first and create it again.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`
    create function idempotency_key_after_lock(
      lock_name text, wanted_clinic_id text, wanted_account_id text, wanted_key text
    ) returns setof idempotency_key
    language plpgsql volatile
    as $$
    begin
      perform pg_advisory_xact_lock(hashtextextended(lock_name, 0));
      return query
        select * from idempotency_key
        where clinic_id = wanted_clinic_id and account_id = wanted_account_id and key = wanted_key;
    end
    $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`drop function idempotency_key_after_lock(text, text, text, text)`.execute(db);
}
