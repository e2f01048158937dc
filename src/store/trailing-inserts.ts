import {
  type CompiledQuery,
  type InsertQueryBuilder,
  type QueryCreator,
  type QueryResult,
  sql,
} from "kysely";
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
 * transaction they wait on the connection (see `TrailingInsertsDriver`) and go together, as one
 * statement, just before whatever the transaction sends next: its COMMIT, usually, or any other
 * statement. So the order of statements is unchanged and a later read sees them; a rollback drops
 * them unsent. Outside a transaction, and on SQLite (where a statement costs no round trip), they
 * run at once.
 *
 * `wrote` is told how many rows the last insert wrote, once it has run: possibly only at COMMIT.
 * It may throw to undo the whole transaction (an insert that skips a taken key, say).
 *
 * A held insert that the database refuses fails the statement sent after it, which is not the
 * insert's own caller: so only rows the database cannot refuse belong here (fresh ids, existing
 * clinics, and ON CONFLICT DO NOTHING where a key may be taken).
 */
export interface TrailingWrite {
  inserts: readonly TrailingInsert[];
  wrote?: ((rows: number) => void) | undefined;
}

/** A trailing write on its way through the connection; the connection may hold it back. */
export interface PendingWrite {
  write: TrailingWrite;
  /** The executor it was made on, used again to compile it together with others. */
  db: Executor;
  /** The write compiled on its own, sent as it is when nothing else is held with it. */
  compiled: CompiledQuery;
  /** Set by the connection when it holds the write back for later. */
  deferred: boolean;
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
  const last = write.inserts.length - 1;
  for (const [i, insert] of write.inserts.entries()) {
    await insertMarked(db, { inserts: [insert], wrote: i === last ? write.wrote : undefined });
  }
}

/** Runs the write as one statement that a holding connection recognises and may hold back. */
async function insertMarked(db: Executor, write: TrailingWrite): Promise<void> {
  const compiled = chained(db, write.inserts).compile();
  const pending: PendingWrite = { write, db, compiled, deferred: false };
  pendingWrites.set(compiled, pending);
  const result = await db.executeQuery(compiled);
  if (!pending.deferred) write.wrote?.(rowsWritten(result));
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
 * Sends writes that a connection held back, as one statement when there are several: each insert
 * a data-modifying WITH (PostgreSQL runs every one of them to completion, read or not), and a
 * select of how many rows each write's last insert wrote, for its `wrote`.
 */
export async function sendTrailingWrites(
  held: readonly PendingWrite[],
  execute: (query: CompiledQuery) => Promise<QueryResult<unknown>>,
): Promise<void> {
  const first = held[0];
  if (first === undefined) return;
  if (held.length === 1) {
    const result = await execute(first.compiled);
    first.write.wrote?.(rowsWritten(result));
    return;
  }
  let qc: QueryCreator<Database> = first.db;
  const counted: string[] = [];
  let n = 0;
  for (const { write } of held) {
    for (const [i, insert] of write.inserts.entries()) {
      const name = `trailing_${n++}`;
      const isCounted = write.wrote !== undefined && i === write.inserts.length - 1;
      qc = qc.with(name, (q) =>
        isCounted ? insert(q).returning(sql<number>`1`.as("row")) : insert(q),
      ) as unknown as QueryCreator<Database>;
      if (isCounted) counted.push(name);
    }
  }
  const query = qc
    .selectNoFrom(
      counted.length === 0
        ? [sql<number>`1`.as("sent")]
        : counted.map((name) => sql<number>`(select count(*)::int from ${sql.table(name)})`.as(name)),
    )
    .compile();
  const { rows } = await execute(query);
  const counts = (rows[0] ?? {}) as Record<string, number>;
  let next = 0;
  for (const { write } of held) {
    if (write.wrote === undefined) continue;
    write.wrote(Number(counts[counted[next++] ?? ""] ?? 0));
  }
}

/** SQLite reports no count for an insert with RETURNING, only its rows. */
function rowsWritten(result: QueryResult<unknown>): number {
  return Number(result.numAffectedRows ?? BigInt(result.rows.length));
}
