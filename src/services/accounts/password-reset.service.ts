import { Temporal } from "temporal-polyfill";
import type { Account } from "../../domain/accounts/account.js";
import { DomainError } from "../../domain/errors.js";
import { findAccountByEmail, findAccountById, updatePasswordHash } from "../../store/account.repository.js";
import { deleteSessionsOfAccount } from "../../store/auth-session.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import {
  consumePasswordResetToken,
  createPasswordResetToken,
  deleteOtherPasswordResetTokens,
  findLivePasswordResetToken,
} from "../../store/password-reset.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { type EventStore, recordEvent } from "../events/record-event.js";
import type { AccountDeps } from "./account-deps.js";
import { assertNotWaiting, countAttempt, forgivePair, signInKeys } from "./login-throttle.js";
import { assertStrongPassword } from "./password-strength.js";
import { hashToken, newSecretToken } from "./tokens.js";

/** Outbox event types the mailer turns into a reset link or an invitation. */
export const PASSWORD_RESET_EVENT = "auth.password_reset_requested";
export const ACCOUNT_INVITED_EVENT = "auth.account_invited";

export interface PasswordResetRequest {
  email: string;
  clinicSlug: string;
}

/**
 * Issues a one-time token and queues it for delivery (the outbox event carries it to the mailer).
 * Returns alike whether or not the account exists (or is disabled), so the caller's answer reveals
 * nothing.
 */
export async function requestPasswordReset(deps: AccountDeps, request: PasswordResetRequest): Promise<void> {
  const clinic = await findClinicBySlug(deps.store.db, request.clinicSlug);
  const account = clinic && (await findAccountByEmail(deps.store.db, clinic.id, request.email));
  if (!account || account.disabledAt !== null) return;
  const now = deps.clock.now().toString();
  await withWriteTransaction(deps.store, (trx) =>
    issuePasswordToken(trx, account, {
      store: deps.store,
      eventType: PASSWORD_RESET_EVENT,
      validMinutes: deps.authPolicy.passwordResetMinutes,
      now,
    }),
  );
}

export interface PasswordTokenIssue {
  /** The store, for the event the token goes out with. */
  store: EventStore;
  eventType: typeof PASSWORD_RESET_EVENT | typeof ACCOUNT_INVITED_EVENT;
  validMinutes: number;
  now: string;
}

/**
 * Creates a one-time password token and queues it for the mailer, in the caller's transaction: a
 * reset link, or a new staff member's invitation to set a first password. Only its hash is stored;
 * the token itself is returned for a caller that hands it over another way (the command that
 * creates a clinic prints its first admin's link).
 */
export async function issuePasswordToken(
  trx: Executor,
  account: Pick<Account, "id" | "clinicId" | "email">,
  issue: PasswordTokenIssue,
): Promise<{ token: string; expiresAt: string }> {
  const token = newSecretToken();
  const expiresAt = Temporal.Instant.from(issue.now).add({ minutes: issue.validMinutes }).toString();
  await createPasswordResetToken(trx, {
    tokenHash: hashToken(token),
    accountId: account.id,
    createdAt: issue.now,
    expiresAt,
  });
  await recordEvent(trx, issue.store, {
    clinicId: account.clinicId,
    type: issue.eventType,
    payload: { accountId: account.id, email: account.email, token, expiresAt },
    createdAt: issue.now,
  });
  return { token, expiresAt };
}

export interface PasswordResetConfirmation {
  token: string;
  password: string;
  /** The client's address: unknown tokens are counted per address. */
  ip: string;
}

/**
 * Sets the new password, spends the token, deletes the account's other reset tokens, signs the
 * account out everywhere and forgives the failed sign-ins of this email from this address.
 *
 * Cheap checks come first, so nobody gets argon2's CPU time for free: the address's wait, then
 * the token (one SHA-256 and a lookup; unknown tokens count against the address), then the
 * account's attempts, then the password's strength. Only then is the new password hashed.
 */
export async function confirmPasswordReset(
  deps: AccountDeps,
  confirmation: PasswordResetConfirmation,
): Promise<void> {
  const { store, authPolicy: policy } = deps;
  const now = deps.clock.now().toString();
  const ipKey = `reset-ip:${confirmation.ip}`;
  await assertNotWaiting(store.db, [ipKey], now);
  const tokenHash = hashToken(confirmation.token);
  const accountId = await findLivePasswordResetToken(store.db, tokenHash, now);
  const account = accountId === undefined ? undefined : await findAccountById(store.db, accountId);
  if (!account || account.disabledAt !== null) {
    const limit = { max: policy.resetFailuresPerIp, windowMinutes: policy.failureWindowMinutes };
    await withWriteTransaction(store, (trx) =>
      countAttempt(trx, ipKey, { ...limit, lockMinutes: policy.ipLockMinutes }, now),
    );
    throw invalidToken();
  }

  // A valid token is tried at most this often per account, whatever the address.
  const accountKey = `reset-account:${account.id}`;
  await assertNotWaiting(store.db, [accountKey], now);
  const limit = { max: policy.resetAttemptsPerAccount, windowMinutes: policy.failureWindowMinutes };
  await withWriteTransaction(store, (trx) =>
    countAttempt(trx, accountKey, { ...limit, lockMinutes: policy.failureWindowMinutes }, now),
  );
  assertStrongPassword(confirmation.password, account);

  // Hash before the transaction: argon2 is slow and must not hold the write lock.
  const passwordHash = await deps.passwords.hash(confirmation.password);
  const done = await withWriteTransaction(store, async (trx) => {
    // Spent by a racing confirmation, or the account disabled meanwhile: refused alike.
    if ((await consumePasswordResetToken(trx, tokenHash, now)) !== account.id) return false;
    if ((await findAccountById(trx, account.id))?.disabledAt !== null) return false;
    await updatePasswordHash(trx, account.id, passwordHash);
    await deleteSessionsOfAccount(trx, account.id);
    await deleteOtherPasswordResetTokens(trx, account.id, tokenHash);
    await forgivePair(trx, signInKeys(account.email, confirmation.ip));
    return true;
  });
  if (!done) throw invalidToken();
}

function invalidToken(): DomainError {
  return new DomainError("invalid_input", "The reset link is invalid, used or expired.", {
    fields: [{ path: "token", message: "is invalid, used or expired" }],
  });
}
