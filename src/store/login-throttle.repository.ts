import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from "./codec.js";
import type { Executor } from "./schema.js";

/**
 * Failed sign-ins counted per key in the database, so every app instance sees the same counts.
 * Keys are opaque to the store (the sign-in throttle uses `email:…` and `ip:…`).
 */
export interface ThrottleState {
  key: string;
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

export interface FailureRule {
  /** Failures before `windowStartsAfter` no longer count: the window starts again at `now`. */
  windowStartsAfter: string;
  maxFailures: number;
  lockedUntil: string;
}

/**
 * Counts one failure for `key` and locks it when the count reaches `maxFailures`. One upsert per
 * statement, so two instances counting at once both land (no lost increments). Returns the count.
 */
export async function recordLoginFailure(
  db: Executor,
  key: string,
  now: string,
  rule: FailureRule,
): Promise<ThrottleState> {
  const at = toDbInstant(now);
  const windowStart = toDbInstant(rule.windowStartsAfter);
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
  await db
    .updateTable("login_throttle")
    .set({ locked_until: toDbInstant(rule.lockedUntil) })
    .where("key", "=", key)
    .where("failures", ">=", rule.maxFailures)
    .execute();
  const [state] = await findThrottleStates(db, [key]);
  if (!state) throw new Error(`login_throttle row for ${key} vanished`);
  return state;
}

/** A successful sign-in forgives the account's failures (never the IP's). */
export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}
