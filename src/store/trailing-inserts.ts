import { type CompiledQuery, createQueryId, type InsertQueryBuilder, type QueryCreator, sql } from "kysely";
import type { DialectName } from "./database.js";
import type { Database, Executor } from "./schema.js";

/** One insert, built on the query creator it is handed (a chain of WITHs on PostgreSQL). */
export type TrailingInsert = (
  qc: QueryCreator<Database>,
  // biome-ignore lint/suspicious/noExplicitAny: into any one table, with or without RETURNING; Kysely cannot say "some table".
) => InsertQueryBuilder<Database, any, any>;

/**
 * Rows a write transaction appends and does not need an answer from at once: the outbox event
 * with what it owes, the audit row, the idempotency answer.
 *
 * On PostgreSQL every statement is a round trip, and these come last in most writes. Inside a
 * transaction they wait on the connection (see `HoldingDriver`) and go together, as one
 * statement, just before whatever the transaction sends next: its COMMIT, usually, or any other
 * statement. So the order of statements is unchanged and a later read sees them; a rollback drops
 * them unsent. Outside a transaction, and on SQLite (where a statement costs no round trip), they
 * run at once.
 *
 * A held insert that the database refuses fails where it is finally sent, which is not the
 * insert's own caller but the transaction's next statement or its COMMIT. So the write says what
 * its refusal means: `refused` is shown the database's error and may throw the error the
 * transaction should fail with instead (a taken key, say). Nothing can look at a held insert's
 * result before the COMMIT is sent, so a refusal is the only way a trailing write can undo its
 * transaction.
 */
export interface TrailingWrite {
  inserts: readonly TrailingInsert[];
  refused?: ((error: unknown) => void) | undefined;
}

/** A trailing write on its way through the connection; the connection may hold it back. */
export interface PendingWrite {
  write: TrailingWrite;
  /** The executor it was made on, used again to compile it together with others. */
  db: Executor;
  /** The write's own statement, compiled when first read: when it is sent alone, or not held. */
  compiled: CompiledQuery;
}

const pendingWrites = new WeakMap<CompiledQuery, PendingWrite>();

/** The trailing write a compiled query carries, if it is one (for the connection). */
export function trailingWriteOf(query: CompiledQuery): PendingWrite | undefined {
  return pendingWrites.get(query);
}

/**
 * Appends rows that nothing in the transaction needs an answer from before it ends (see
 * `TrailingWrite`). Several inserts in one write are one statement on PostgreSQL even outside a
 * transaction, when the caller says it is PostgreSQL (SQLite allows no INSERT inside WITH).
 */
export async function insertTrailing(
  db: Executor,
  write: TrailingWrite,
  dialect?: DialectName | undefined,
): Promise<void> {
  if (dialect === "postgres" || write.inserts.length === 1) return insertMarked(db, write);
  for (const insert of write.inserts) await insertMarked(db, { ...write, inserts: [insert] });
}

/** Runs the write as one statement that a holding connection recognises and may hold back. */
async function insertMarked(db: Executor, write: TrailingWrite): Promise<void> {
  const compiled = compiledWhenRead(() => chained(db, write.inserts).compile());
  pendingWrites.set(compiled, { write, db, compiled });
  try {
    await db.executeQuery(compiled);
  } catch (error) {
    write.refused?.(error);
    throw error;
  }
}

/**
 * A compiled query that compiles only once its text is read. A held write is usually sent with
 * others, compiled together with them, so compiling it on its own as well would be wasted work.
 */
function compiledWhenRead(compile: () => CompiledQuery): CompiledQuery {
  let compiled: CompiledQuery | undefined;
  const get = () => {
    compiled ??= compile();
    return compiled;
  };
  return {
    // Kysely reads the id after every run, held or not: it must not force the compile.
    queryId: createQueryId(),
    get sql() {
      return get().sql;
    },
    get parameters() {
      return get().parameters;
    },
    get query() {
      return get().query;
    },
  };
}

/** All but the last insert as data-modifying WITHs in front of the last. */
function chained(db: Executor, inserts: readonly TrailingInsert[]) {
  let qc: QueryCreator<Database> = db;
  for (const [i, insert] of inserts.slice(0, -1).entries()) {
    // Each WITH adds a name nothing reads, so the creator stays a plain QueryCreator<Database>.
    qc = qc.with(`trailing_${i}`, (q) => insert(q)) as unknown as QueryCreator<Database>;
  }
  const last = inserts.at(-1);
  if (last === undefined) throw new Error("a trailing write needs at least one insert");
  return last(qc);
}

/**
 * The one statement that sends writes a connection held back: a write's own when it is alone,
 * else each insert a data-modifying WITH (PostgreSQL runs every one of them to completion, read
 * or not). Built before anything is sent, so that a write that cannot be built stops the
 * statements that would have followed it, the COMMIT above all.
 */
export function trailingStatement(held: readonly PendingWrite[]): CompiledQuery {
  const first = held[0];
  if (first === undefined) throw new Error("no held writes to send");
  // Spreading reads, and so compiles, a lone write's own statement (see `compiledWhenRead`).
  return held.length === 1 ? { ...first.compiled } : combined(held, first.db);
}

/** Runs `trailingStatement(held)`; a refusal is first shown to each write (see `TrailingWrite`). */
export async function sendTrailingStatement(
  statement: CompiledQuery,
  held: readonly PendingWrite[],
  execute: (query: CompiledQuery) => Promise<unknown>,
): Promise<void> {
  try {
    await execute(statement);
  } catch (error) {
    for (const { write } of held) write.refused?.(error);
    throw error;
  }
}

function combined(held: readonly PendingWrite[], db: Executor): CompiledQuery {
  let qc: QueryCreator<Database> = db;
  let n = 0;
  for (const { write } of held) {
    for (const insert of write.inserts) {
      qc = qc.with(`trailing_${n++}`, (q) => insert(q)) as unknown as QueryCreator<Database>;
    }
  }
  return qc.selectNoFrom(sql<number>`1`.as("sent")).compile();
}
