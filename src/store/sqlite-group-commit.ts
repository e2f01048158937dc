import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";

/**
 * Write transactions on one SQLite connection, committed in groups.
 *
 * With `synchronous = FULL` every COMMIT writes the booking's pages to the write-ahead log and
 * waits for the disk, and better-sqlite3 does both on the event loop's own thread: one commit per
 * write made that a large share of the server's time. So the write transactions asked for during one
 * turn of the event loop run one after another inside a single `BEGIN IMMEDIATE … COMMIT`, each in
 * its own savepoint, and share one write of the log and one fsync (rows of one group share pages).
 *
 * Each caller still sees a transaction of its own:
 * - a write that throws is rolled back to its savepoint; the others in the group go on;
 * - nobody hears of success before the COMMIT that makes their write durable; if that COMMIT
 *   fails, every write in the group fails with it and nothing of theirs is stored;
 * - no other statement runs on the connection while a group is open (the group holds Kysely's
 *   single connection throughout), so no reader ever sees a write that is not yet committed.
 */
export class SqliteGroupCommit {
  readonly #db: Kysely<Database>;
  readonly #queue: QueuedWrite[] = [];
  /** True from the moment a group is due until the last queued write has been run. */
  #draining = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `fn` in a write transaction of its own (a savepoint when it shares a group). */
  run<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) {
        this.#draining = true;
        // Waiting for the end of this turn of the event loop lets the other requests that arrived
        // with this one queue their writes, so they join the same group.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        let group: QueuedWrite[] = [];
        try {
          await this.#db.connection().execute(async (conn) => {
            // Taken once the connection is ours: writes queued while a reader held it join too.
            group = this.#queue.splice(0, MAX_GROUP_SIZE);
            try {
              if (group.length === 1) await runAlone(conn, group[0] as QueuedWrite);
              else await this.#runGroup(conn, group);
            } catch (error) {
              // Never hand the connection back with a transaction left open.
              await rollbackQuietly(conn);
              throw error;
            }
          });
        } catch (error) {
          // The connection failed under us (or the store was closed): nobody may wait for ever.
          // Rejecting a write that has already been answered does nothing.
          for (const write of [...group, ...this.#queue.splice(0)]) write.reject(error);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  async #runGroup(conn: Kysely<Database>, group: QueuedWrite[]): Promise<void> {
    try {
      await sql`begin immediate`.execute(conn);
    } catch (error) {
      // Typically SQLITE_BUSY from another process: each caller may retry on its own.
      for (const write of group) write.reject(error);
      return;
    }
    const succeeded: Array<{ write: QueuedWrite; value: unknown }> = [];
    for (let i = 0; i < group.length; i++) {
      const write = group[i] as QueuedWrite;
      await sql`savepoint group_write`.execute(conn);
      try {
        const value = await write.fn(conn);
        await sql`release group_write`.execute(conn);
        succeeded.push({ write, value });
      } catch (error) {
        write.reject(error);
        if (!(await undoSavepoint(conn))) {
          // SQLite ended the whole transaction on its own (disk full, I/O error): the earlier writes
          // are gone too. The writes not yet run go back to the front of the queue for a fresh group.
          for (const done of succeeded) done.write.reject(error);
          this.#queue.unshift(...group.slice(i + 1));
          return;
        }
      }
    }
    try {
      await sql`commit`.execute(conn);
    } catch (error) {
      await rollbackQuietly(conn);
      for (const done of succeeded) done.write.reject(error);
      return;
    }
    for (const done of succeeded) done.write.resolve(done.value);
  }
}

/**
 * Writes per group. Every caller in a group waits for the last one, so the cap bounds the added
 * latency (a booking's write is about a millisecond of work) while one fsync serves them all.
 */
const MAX_GROUP_SIZE = 32;

interface QueuedWrite {
  fn: (trx: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** One write with nobody to share its commit: a plain transaction, without a savepoint. */
async function runAlone(conn: Kysely<Database>, write: QueuedWrite): Promise<void> {
  try {
    await sql`begin immediate`.execute(conn);
  } catch (error) {
    write.reject(error);
    return;
  }
  let value: unknown;
  try {
    value = await write.fn(conn);
  } catch (error) {
    await rollbackQuietly(conn);
    write.reject(error);
    return;
  }
  try {
    await sql`commit`.execute(conn);
  } catch (error) {
    // A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open.
    await rollbackQuietly(conn);
    write.reject(error);
    return;
  }
  write.resolve(value);
}

/** Rolls back to the current write's savepoint; false when the transaction itself is gone. */
async function undoSavepoint(conn: Kysely<Database>): Promise<boolean> {
  try {
    await sql`rollback to group_write`.execute(conn);
    await sql`release group_write`.execute(conn);
    return true;
  } catch {
    await rollbackQuietly(conn);
    return false;
  }
}

async function rollbackQuietly(conn: Kysely<Database>): Promise<void> {
  try {
    await sql`rollback`.execute(conn);
  } catch {
    // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); the original error
    // is the one worth reporting.
  }
}
