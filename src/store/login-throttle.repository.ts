import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from "./codec.js";
import type { Executor } from "./schema.js";

/**
 * Attempts counted per key in the database, so every app instance sees the same counts, and a
 * time before which the key must wait. Keys are opaque to the store (the account services use
 * `pair:<email> <address>`, `ip:<address>`, `reset-ip:<address>`, `reset-account:<id>`); what
 * counts and how long to wait is theirs to decide.
 */
export interface ThrottleState {
  key: string;
  /** Attempts counted since `windowStartedAt`. */
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

export async function findThrottleStates(db: Executor, keys: readonly string[]): Promise<ThrottleState[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom("login_throttle")
    .selectAll()
    .where("key", "in", [...keys])
    .execute();
  return rows.map((row) => ({
    key: row.key,
    failures: row.failures,
    windowStartedAt: fromDbInstant(row.window_started_at),
    lockedUntil: fromDbInstantOrNull(row.locked_until),
  }));
}

/**
 * Counts one attempt for `key`: a window that started at or before `windowStartsAfter` is over,
 * and the count starts again at 1 from `now`. One upsert, so two instances counting at once both
 * land (no lost increments); call it in a transaction to read back the count it made.
 */
export async function countThrottledAttempt(
  db: Executor,
  key: string,
  now: string,
  windowStartsAfter: string,
): Promise<ThrottleState> {
  const at = toDbInstant(now);
  const windowStart = toDbInstant(windowStartsAfter);
  await db
    .insertInto("login_throttle")
    .values({ key, failures: 1, window_started_at: at, locked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when("login_throttle.window_started_at", "<=", windowStart)
          .then(1)
          .else(eb("login_throttle.failures", "+", 1))
          .end(),
        window_started_at: eb
          .case()
          .when("login_throttle.window_started_at", "<=", windowStart)
          .then(at)
          .else(eb.ref("login_throttle.window_started_at"))
          .end(),
      })),
    )
    .execute();
  const [state] = await findThrottleStates(db, [key]);
  if (!state) throw new Error(`login_throttle row for ${key} vanished`);
  return state;
}

/** Makes `key` wait until `until`, unless it already waits longer. */
export async function lockThrottleKey(db: Executor, key: string, until: string): Promise<void> {
  const at = toDbInstant(until);
  await db
    .updateTable("login_throttle")
    .set({ locked_until: at })
    .where("key", "=", key)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
    .execute();
}

/** Forgets the key's attempts and any wait (a successful sign-in forgives its own pair). */
export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}
