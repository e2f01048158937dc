import { Temporal } from "temporal-polyfill";
import { normalizeEmail } from "../../domain/accounts/account.js";
import { DomainError } from "../../domain/errors.js";
import type { Store } from "../../store/database.js";
import {
  clearThrottle,
  findThrottleStates,
  recordLoginFailure,
} from "../../store/login-throttle.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import type { AuthPolicy } from "./auth-policy.js";

/**
 * Sign-in throttling per email and per client address, counted in the database so every app
 * instance enforces the same lock. A lock answers 429 with Retry-After, and while it holds not
 * even the right password gets in (so the answer says nothing about the password).
 */
export interface ThrottleKeys {
  email: string;
  ip: string;
}

export function throttleKeys(email: string, ip: string): ThrottleKeys {
  return { email: emailThrottleKey(email), ip: `ip:${ip}` };
}

function emailThrottleKey(email: string): string {
  return `email:${normalizeEmail(email)}`;
}

/** 429 while either key is locked at `now`. */
export async function assertNotLocked(db: Executor, keys: ThrottleKeys, now: string): Promise<void> {
  const states = await findThrottleStates(db, [keys.email, keys.ip]);
  const lockedUntil = states
    .map((s) => s.lockedUntil)
    .filter((until): until is string => until !== null && until > now)
    .sort()
    .at(-1);
  if (lockedUntil !== undefined) throw tooManyAttempts(now, lockedUntil);
}

/** Counts the failure on both keys in one transaction; throws 429 when this failure locked either. */
export async function recordFailure(
  store: Store,
  keys: ThrottleKeys,
  policy: AuthPolicy,
  now: string,
): Promise<void> {
  const instant = Temporal.Instant.from(now);
  const windowStartsAfter = instant.subtract({ minutes: policy.failureWindowMinutes }).toString();
  const lockedUntil = instant.add({ minutes: policy.lockMinutes }).toString();
  const states = await withWriteTransaction(store, async (trx) => [
    await recordLoginFailure(trx, keys.email, now, {
      windowStartsAfter,
      lockedUntil,
      maxFailures: policy.maxFailuresPerEmail,
    }),
    await recordLoginFailure(trx, keys.ip, now, {
      windowStartsAfter,
      lockedUntil,
      maxFailures: policy.maxFailuresPerIp,
    }),
  ]);
  const locked = states.find((s) => s.lockedUntil !== null && s.lockedUntil > now);
  if (locked?.lockedUntil) throw tooManyAttempts(now, locked.lockedUntil);
}

/**
 * The email's failures are forgiven by a good sign-in or a password reset (whoever holds the
 * mailbox may sign in again at once); the address's failures never are.
 */
export async function forgiveEmail(db: Executor, email: string): Promise<void> {
  await clearThrottle(db, emailThrottleKey(email));
}

function tooManyAttempts(now: string, lockedUntil: string): DomainError {
  const ms =
    Temporal.Instant.from(lockedUntil).epochMilliseconds - Temporal.Instant.from(now).epochMilliseconds;
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new DomainError("too_many_requests", "Too many failed sign-ins; try again later.", {
    retryAfterSeconds: seconds,
  });
}
