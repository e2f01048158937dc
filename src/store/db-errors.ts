/**
 * Recognises the constraint failures the services turn into domain answers. Works on errors from pg
 * (`code` is the SQLSTATE) and better-sqlite3 (`code` is the extended result code name), and looks
 * through `cause` in case a layer wrapped them.
 */

/** PostgreSQL's exclusion constraint on resource_hold refused an overlapping hold: the slot is taken. */
export function isOverlapViolation(error: unknown): boolean {
  return someCode(error, (code) => code === "23P01");
}

/** A unique or primary-key constraint refused a duplicate (either dialect). */
export function isUniqueViolation(error: unknown): boolean {
  return someCode(
    error,
    (code) =>
      code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY",
  );
}

/** Another writer holds the lock (SQLite) or the server broke a deadlock / serialization tie (PostgreSQL). */
export function isTransientWriteConflict(error: unknown): boolean {
  return someCode(
    error,
    (code) =>
      code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_") || code === "40P01" || code === "40001",
  );
}

function someCode(error: unknown, test: (code: string) => boolean): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && test(code)) return true;
    current = current.cause;
  }
  return false;
}
