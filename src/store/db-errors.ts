/**
 * Recognises the constraint failures the services turn into domain answers. Works on errors from pg
 * (`code` is the SQLSTATE) and better-sqlite3 (`code` is the extended result code name), and looks
 * through `cause` in case a layer wrapped them.
 */

/**
 * The read just before a booking write found a hold in the way. The slot was chosen from an
 * earlier read of the same transaction, so on PostgreSQL (read committed) another booking may
 * have committed in between: like the exclusion constraint's refusal, it means "read again and
 * choose again", which may find another free room.
 */
export class HoldOverlapError extends Error {
  override readonly name = "HoldOverlapError";
  readonly code = "HOLD_OVERLAP";
}

/**
 * A hold overlaps another: PostgreSQL's exclusion constraint on resource_hold refused it, or the
 * store's own check before the write found one.
 */
export function isOverlapViolation(error: unknown): boolean {
  return someCode(error, (code) => code === "23P01" || code === "HOLD_OVERLAP");
}

/**
 * A unique or primary-key constraint refused a duplicate (either dialect); with `table`, one of
 * that table's. PostgreSQL names the table on the error; SQLite in its message
 * ("UNIQUE constraint failed: idempotency_key.key").
 */
export function isUniqueViolation(error: unknown, table?: string): boolean {
  return someCause(error, (cause) => {
    const code = codeOf(cause);
    const unique =
      code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
    return (
      unique && (table === undefined || tableOf(cause) === table || cause.message.includes(` ${table}.`))
    );
  });
}

function tableOf(error: Error): string | undefined {
  const table = (error as { table?: unknown }).table;
  return typeof table === "string" ? table : undefined;
}

/**
 * Another writer holds the lock (SQLite), the server broke a deadlock / serialization tie
 * (PostgreSQL), or a prepared statement's plan went stale under a migration (PostgreSQL; the pool
 * has stopped preparing statements by then, see prepared-statements.ts, so a new try succeeds).
 */
export function isTransientWriteConflict(error: unknown): boolean {
  return (
    someCode(
      error,
      (code) =>
        code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_") || code === "40P01" || code === "40001",
    ) || isStalePreparedPlan(error)
  );
}

/** PostgreSQL refuses a prepared statement whose table changed shape since it was prepared. */
export function isStalePreparedPlan(error: unknown): boolean {
  return someCause(
    error,
    (cause) => codeOf(cause) === "0A000" && cause.message.includes("cached plan must not change result type"),
  );
}

function someCode(error: unknown, test: (code: string) => boolean): boolean {
  return someCause(error, (cause) => {
    const code = codeOf(cause);
    return code !== undefined && test(code);
  });
}

/** The error or one of its causes (five deep at most) passes `test`. */
function someCause(error: unknown, test: (cause: Error) => boolean): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (test(current)) return true;
    current = current.cause;
  }
  return false;
}

function codeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}
