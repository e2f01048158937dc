import { Temporal } from "temporal-polyfill";
import { normalizeEmail } from "../../domain/accounts/account.js";
import { DomainError } from "../../domain/errors.js";
import type { Store } from "../../store/database.js";
import {
  clearThrottle,
  countThrottledAttempt,
  findThrottleStates,
  lockThrottleKey,
} from "../../store/login-throttle.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import type { AuthPolicy } from "./auth-policy.js";

/**
 * Throttles counted in the database, so every app instance enforces the same waits. A key that
 * must wait answers 429 with Retry-After before any password is checked, so the answer says
 * nothing about the password.
 *
 * Sign-in has two keys. The pair (email, client address) gets a progressive delay: a few free
 * failures, then 1 s, 2 s, 4 s… up to a cap. Only that pair waits, so an attacker's guesses never
 * lock the real owner out from their own address. The address alone has a higher fixed limit
 * (offices share one address), which stops one client from trying many emails.
 */
export interface SignInKeys {
  pair: string;
  ip: string;
}

export function signInKeys(email: string, ip: string): SignInKeys {
  return { pair: `pair:${normalizeEmail(email)} ${ip}`, ip: `ip:${ip}` };
}

/** 429 while any of the keys must wait at `now`. */
export async function assertNotWaiting(db: Executor, keys: readonly string[], now: string): Promise<void> {
  const states = await findThrottleStates(db, keys);
  const lockedUntil = states
    .map((s) => s.lockedUntil)
    .filter((until): until is string => until !== null && until > now)
    .sort()
    .at(-1);
  if (lockedUntil !== undefined) throw tooManyAttempts(now, lockedUntil);
}

/** Counts a wrong password on both keys and sets the waits they have earned. */
export async function recordSignInFailure(
  store: Store,
  keys: SignInKeys,
  policy: AuthPolicy,
  now: string,
): Promise<void> {
  const instant = Temporal.Instant.from(now);
  await withWriteTransaction(store, async (trx) => {
    const pairWindow = instant.subtract({ hours: policy.pairWindowHours }).toString();
    const pair = await countThrottledAttempt(trx, keys.pair, now, pairWindow);
    const delaySeconds = pairDelaySeconds(pair.failures, policy);
    if (delaySeconds > 0) {
      await lockThrottleKey(trx, keys.pair, instant.add({ seconds: delaySeconds }).toString());
    }
    const ipWindow = instant.subtract({ minutes: policy.failureWindowMinutes }).toString();
    const ip = await countThrottledAttempt(trx, keys.ip, now, ipWindow);
    if (ip.failures >= policy.maxFailuresPerIp) {
      await lockThrottleKey(trx, keys.ip, instant.add({ minutes: policy.ipLockMinutes }).toString());
    }
  });
}

/**
 * Seconds the pair waits after its `failures`-th failure: none for the first
 * `freeFailuresPerPair - 1`, then `firstDelaySeconds` doubling with each failure, capped.
 */
export function pairDelaySeconds(failures: number, policy: AuthPolicy): number {
  const beyond = failures - policy.freeFailuresPerPair;
  if (beyond < 0) return 0;
  // 2 ** 30 is far past any cap; bounding the exponent keeps the number finite.
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** Math.min(beyond, 30));
}

/**
 * A good sign-in (or a password reset from that address) forgives the pair's failures. The
 * address's failures are never forgiven, and neither are other addresses' pairs: the owner
 * proving who they are must not lift an attacker's delay.
 */
export async function forgivePair(db: Executor, keys: SignInKeys): Promise<void> {
  await clearThrottle(db, keys.pair);
}

export interface AttemptLimit {
  max: number;
  windowMinutes: number;
  /** How long the key waits once it has reached `max`. */
  lockMinutes: number;
}

/** Counts one attempt on `key`; the attempt that reaches `limit.max` makes the key wait. */
export async function countAttempt(
  trx: Executor,
  key: string,
  limit: AttemptLimit,
  now: string,
): Promise<void> {
  const instant = Temporal.Instant.from(now);
  const window = instant.subtract({ minutes: limit.windowMinutes }).toString();
  const state = await countThrottledAttempt(trx, key, now, window);
  if (state.failures >= limit.max) {
    await lockThrottleKey(trx, key, instant.add({ minutes: limit.lockMinutes }).toString());
  }
}

export function tooManyAttempts(now: string, lockedUntil: string): DomainError {
  const ms =
    Temporal.Instant.from(lockedUntil).epochMilliseconds - Temporal.Instant.from(now).epochMilliseconds;
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new DomainError("too_many_requests", "Too many attempts; try again later.", {
    retryAfterSeconds: seconds,
  });
}
