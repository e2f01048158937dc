import type { Kysely } from "kysely";
import { DomainError } from "../domain/errors.js";
import type { Store } from "./database.js";
import { isOverlapViolation, isTransientWriteConflict, isUniqueViolation } from "./db-errors.js";
import type { Database } from "./schema.js";
import { SqliteGroupCommit } from "./sqlite-group-commit.js";

const MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 10;

/**
 * Runs `fn` in one write transaction and returns its result; rolls back and rethrows if it throws.
 *
 * SQLite: opens with `BEGIN IMMEDIATE`, taking the write lock up front, so two processes that both
 * read-then-write serialize instead of one failing on a read→write lock upgrade. The transactions
 * asked for in one turn of the event loop share one COMMIT, each in a savepoint of its own
 * (`SqliteGroupCommit`): one wait for the disk serves them all. PostgreSQL: a
 * normal read-committed transaction; the exclusion constraint on resource_hold is the arbiter.
 *
 * A busy database (SQLite) or a deadlock / serialization failure (PostgreSQL) retries the whole
 * transaction a few times with a short backoff, so `fn` must do nothing but database work through
 * `trx`. On SQLite the store has one connection: inside `fn`, use `trx`, never `store.db`.
 *
 * A unique violation that no repository foresaw (two sign-ups racing for one email, say) leaves as a
 * `conflict`, so nothing above the store needs to know a driver's error codes.
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
      if (!isTransientWriteConflict(error)) throw asDomainError(error);
      if (attempt >= MAX_ATTEMPTS) {
        // Still contended after every retry: the client may try again; nothing was written.
        throw new DomainError(
          "busy",
          "The database is busy; try again in a moment.",
          { retryAfterSeconds: 1 },
          { cause: error },
        );
      }
      await sleep(BASE_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}

const OVERLAP_ATTEMPTS = 5;

/**
 * A booking write that PostgreSQL's exclusion constraint may refuse. Two racers can read the
 * same free room; the loser retries once the winner is visible, and so gets another room if
 * one is free, or a clean `slot_taken` when the time is really gone.
 */
export async function withOverlapRetry<T>(
  store: Store,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withWriteTransaction(store, fn);
    } catch (error) {
      if (!isOverlapViolation(error)) throw error;
      if (attempt >= OVERLAP_ATTEMPTS) {
        throw new DomainError(
          "slot_taken",
          "That time has just been taken; choose another slot.",
          {},
          { cause: error },
        );
      }
    }
  }
}

function asDomainError(error: unknown): unknown {
  if (error instanceof DomainError || !isUniqueViolation(error)) return error;
  return new DomainError("conflict", "That already exists.", {}, { cause: error });
}

/** One group committer per SQLite database (a store has one connection, so one queue). */
const groupCommits = new WeakMap<Kysely<Database>, SqliteGroupCommit>();

function runImmediate<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  let groupCommit = groupCommits.get(db);
  if (groupCommit === undefined) {
    groupCommit = new SqliteGroupCommit(db);
    groupCommits.set(db, groupCommit);
  }
  return groupCommit.run(fn);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
