import { type Kysely, sql } from "kysely";
import type { Store } from "./database.js";
import { isTransientWriteConflict } from "./db-errors.js";
import type { Database } from "./schema.js";

const MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 10;

/**
 * Runs `fn` in one write transaction and returns its result; rolls back and rethrows if it throws.
 *
 * SQLite: opens with `BEGIN IMMEDIATE`, taking the write lock up front, so two processes that both
 * read-then-write serialize instead of one failing on a read→write lock upgrade. PostgreSQL: a
 * normal read-committed transaction; the exclusion constraint on resource_hold is the arbiter.
 *
 * A busy database (SQLite) or a deadlock / serialization failure (PostgreSQL) retries the whole
 * transaction a few times with a short backoff, so `fn` must do nothing but database work through
 * `trx`. On SQLite the store has one connection: inside `fn`, use `trx`, never `store.db`.
 */
export async function withWriteTransaction<T>(
  store: Store,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return store.dialect === "sqlite"
        ? await runImmediate(store.db, fn)
        : await store.db.transaction().execute(fn);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransientWriteConflict(error)) throw error;
      await sleep(BASE_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}

async function runImmediate<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  // connection() pins Kysely's single SQLite connection for the whole callback.
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (error) {
      await rollbackQuietly(conn);
      throw error;
    }
    try {
      await sql`commit`.execute(conn);
    } catch (error) {
      // A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open.
      await rollbackQuietly(conn);
      throw error;
    }
    return result;
  });
}

async function rollbackQuietly(conn: Kysely<Database>): Promise<void> {
  try {
    await sql`rollback`.execute(conn);
  } catch {
    // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); the original error
    // is the one worth reporting.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
