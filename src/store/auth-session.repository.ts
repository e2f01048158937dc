import type { SessionPrincipal } from "../domain/accounts/principal.js";
import { toDbInstant } from "./codec.js";
import type { Executor } from "./schema.js";

export interface NewAuthSession {
  /** SHA-256 (hex) of the cookie token; the token itself is never stored. */
  tokenHash: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
}

/** Who a live session belongs to, with what the authorization checks need. */
export async function createAuthSession(db: Executor, input: NewAuthSession): Promise<void> {
  await db
    .insertInto("auth_session")
    .values({
      token_hash: input.tokenHash,
      account_id: input.accountId,
      created_at: toDbInstant(input.createdAt),
      expires_at: toDbInstant(input.expiresAt),
    })
    .execute();
}

/**
 * The session's account when the session exists, has not expired at `now`, and the account is
 * not disabled (disabling deletes the sessions too; this also covers a session opened by a
 * sign-in that raced the disabling).
 */
export async function findSessionPrincipal(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<SessionPrincipal | undefined> {
  const row = await db
    .selectFrom("auth_session")
    .innerJoin("account", "account.id", "auth_session.account_id")
    .innerJoin("clinic", "clinic.id", "account.clinic_id")
    .select([
      "account.id as accountId",
      "account.clinic_id as clinicId",
      "clinic.slug as clinicSlug",
      "account.email as email",
      "account.name as name",
      "account.role as role",
      "account.provider_id as providerId",
      "account.patient_id as patientId",
    ])
    .where("auth_session.token_hash", "=", tokenHash)
    .where("auth_session.expires_at", ">", toDbInstant(now))
    .where("account.disabled_at", "is", null)
    .executeTakeFirst();
  return row;
}

export async function deleteAuthSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("auth_session").where("token_hash", "=", tokenHash).execute();
}

/** Signs the account out everywhere (after a password change, on disabling, on an admin's request). */
export async function deleteSessionsOfAccount(db: Executor, accountId: string): Promise<number> {
  const result = await db.deleteFrom("auth_session").where("account_id", "=", accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Housekeeping at sign-in: the account's expired sessions go. */
export async function deleteExpiredSessionsOfAccount(db: Executor, accountId: string, now: string) {
  await db
    .deleteFrom("auth_session")
    .where("account_id", "=", accountId)
    .where("expires_at", "<=", toDbInstant(now))
    .execute();
}
