import { Temporal } from "temporal-polyfill";
import { DomainError } from "../../domain/errors.js";
import {
  type Account,
  findAccountByEmail,
  findAccountById,
  updatePasswordHash,
} from "../../store/account.repository.js";
import { deleteSessionsOfAccount } from "../../store/auth-session.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import { clearThrottle } from "../../store/login-throttle.repository.js";
import { appendOutboxEvent } from "../../store/outbox.repository.js";
import {
  consumePasswordResetToken,
  createPasswordResetToken,
} from "../../store/password-reset.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import type { AppContext } from "../deps.js";
import { emailThrottleKey } from "./login-throttle.js";
import { hashToken, newSecretToken } from "./tokens.js";

export const PASSWORD_RESET_EVENT = "auth.password_reset_requested";
export const ACCOUNT_INVITED_EVENT = "auth.account_invited";

/**
 * Issues a one-time token and queues it for delivery (the outbox event carries it to the mailer).
 * The caller answers 202 whether or not the account exists, so the answer reveals nothing.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  email: string,
  clinicSlug: string,
): Promise<void> {
  const clinic = await findClinicBySlug(ctx.store.db, clinicSlug);
  const account = clinic && (await findAccountByEmail(ctx.store.db, clinic.id, email));
  if (!account) return;
  await withWriteTransaction(ctx.store, (trx) =>
    issuePasswordToken(trx, ctx, account, PASSWORD_RESET_EVENT, ctx.authPolicy.passwordResetMinutes),
  );
}

/**
 * Creates a one-time password token and queues it for the mailer in the same transaction: a reset
 * link, or a new staff member's invitation to set a first password. Only its hash is stored.
 */
export async function issuePasswordToken(
  trx: Executor,
  ctx: AppContext,
  account: Pick<Account, "id" | "clinicId" | "email">,
  eventType: typeof PASSWORD_RESET_EVENT | typeof ACCOUNT_INVITED_EVENT,
  validMinutes: number,
): Promise<void> {
  const now = ctx.now();
  const token = newSecretToken();
  const expiresAt = Temporal.Instant.from(now).add({ minutes: validMinutes }).toString();
  await createPasswordResetToken(trx, {
    tokenHash: hashToken(token),
    accountId: account.id,
    createdAt: now,
    expiresAt,
  });
  await appendOutboxEvent(trx, ctx.store.outboxIds, {
    clinicId: account.clinicId,
    type: eventType,
    payload: { accountId: account.id, email: account.email, token, expiresAt },
    createdAt: now,
  });
}

/** Sets the new password, spends the token, and signs the account out everywhere. */
export async function confirmPasswordReset(ctx: AppContext, token: string, password: string): Promise<void> {
  // Hash before the transaction: argon2 is slow and must not hold the write lock.
  const passwordHash = await ctx.passwords.hash(password);
  const now = ctx.now();
  const email = await withWriteTransaction(ctx.store, async (trx) => {
    const accountId = await consumePasswordResetToken(trx, hashToken(token), now);
    const account = accountId === undefined ? undefined : await findAccountById(trx, accountId);
    if (!account) return undefined;
    await updatePasswordHash(trx, account.id, passwordHash);
    await deleteSessionsOfAccount(trx, account.id);
    return account.email;
  });
  if (email === undefined) {
    throw new DomainError("invalid_input", "The reset link is invalid, used or expired.", {
      fields: [{ path: "token", message: "is invalid, used or expired" }],
    });
  }
  // Whoever holds the mailbox may sign in again at once.
  await clearThrottle(ctx.store.db, emailThrottleKey(email));
}
