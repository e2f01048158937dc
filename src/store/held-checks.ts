import type { Compilable, CompiledQuery } from "kysely";
import type { Executor } from "./schema.js";

/**
 * A read whose answer a transaction must judge before it commits, but not before its next
 * statement: the Idempotency-Key's lock and recorded answer, read first by every keyed write.
 *
 * On PostgreSQL every statement is a round trip. Inside a transaction the read waits on the
 * connection (see `HoldingDriver`) and leaves together with the transaction's next statement;
 * PostgreSQL still runs it first, so whatever it locks is locked before that statement runs.
 * `judge` sees its rows as soon as they are back. When it throws, the statement that carried the
 * read fails with that error in place of its own answer, so the transaction stops at its next
 * await, having changed nothing that its rollback will not undo. Outside a transaction, on
 * SQLite, and after a held trailing write (which must go first), the read runs and is judged at
 * once.
 */
export interface HeldCheck {
  /**
   * Resolves once the read has been answered and judged, sending it now if it is still held.
   * Call it before the transaction's result is trusted: a transaction whose callback sent no
   * statement at all has not sent the read either.
   */
  judged(): Promise<void>;
}

/** A held check on its way through the connection; the connection may hold it back. */
export interface PendingCheck {
  compiled: CompiledQuery;
  judge: (rows: readonly unknown[]) => void;
  /** The read, answered and judged; set when it is sent. */
  sent?: Promise<void>;
  /** Set by the connection that holds the read: sends it, with whatever else is held. */
  flush?: () => Promise<void>;
}

const pendingChecks = new WeakMap<CompiledQuery, PendingCheck>();

/** The held check a compiled query carries, if it is one (for the connection). */
export function heldCheckOf(query: CompiledQuery): PendingCheck | undefined {
  return pendingChecks.get(query);
}

/** Sends a held check's read on `execute` and judges its rows (for the connection). */
export function sendHeldCheck(
  check: PendingCheck,
  execute: (query: CompiledQuery) => Promise<{ rows: readonly unknown[] }>,
): Promise<void> {
  check.sent = execute(check.compiled).then(({ rows }) => check.judge(rows));
  return check.sent;
}

/** Runs `query` as a held check (see `HeldCheck`); `judge` throws to fail the transaction. */
export async function checkWithNextStatement<R>(
  db: Executor,
  query: Compilable<R>,
  judge: (rows: readonly R[]) => void,
): Promise<HeldCheck> {
  const check: PendingCheck = {
    // Its own object: a compiled query may be cached and run again by someone else.
    compiled: { ...query.compile() },
    judge: judge as (rows: readonly unknown[]) => void,
  };
  pendingChecks.set(check.compiled, check);
  const { rows } = await db.executeQuery(check.compiled);
  // Held: judged when it is sent. Not held: it ran, and is judged now.
  if (check.flush === undefined) {
    check.sent = Promise.resolve();
    judge(rows as R[]);
  }
  return {
    async judged() {
      if (check.sent === undefined) await check.flush?.();
      // Dropped unsent: its transaction ended before anything carried it. Never read as "passed".
      if (check.sent === undefined) throw new Error("a held check was never sent: its transaction had ended");
      await check.sent;
    },
  };
}
