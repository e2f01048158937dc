import { toDbInstant } from "./codec.js";
import type { Executor } from "./schema.js";

export interface NewPasswordResetToken {
  /** SHA-256 (hex) of the token; the token itself only travels in the outbox event. */
  tokenHash: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
}

export async function createPasswordResetToken(db: Executor, input: NewPasswordResetToken): Promise<void> {
  await db
    .insertInto("password_reset_token")
    .values({
      token_hash: input.tokenHash,
      account_id: input.accountId,
      created_at: toDbInstant(input.createdAt),
      expires_at: toDbInstant(input.expiresAt),
      used_at: null,
    })
    .execute();
}

/**
 * Marks an unused, unexpired token used and returns its account; undefined when the token is
 * unknown, used or expired. The conditional update makes a token good for exactly one use even
 * when two requests race.
 */
export async function consumePasswordResetToken(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<string | undefined> {
  const at = toDbInstant(now);
  const result = await db
    .updateTable("password_reset_token")
    .set({ used_at: at })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  const row = await db
    .selectFrom("password_reset_token")
    .select("account_id")
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row?.account_id;
}

/** The account of an unused, unexpired token, without spending it; undefined otherwise. */
export async function findLivePasswordResetToken(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("password_reset_token")
    .select("account_id")
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", toDbInstant(now))
    .executeTakeFirst();
  return row?.account_id;
}

/**
 * Deletes every token of the account but `keepTokenHash` (the one just spent, kept as a record
 * of its use): after a reset, older links in the mailbox open nothing.
 */
export async function deleteOtherPasswordResetTokens(
  db: Executor,
  accountId: string,
  keepTokenHash: string,
): Promise<void> {
  await db
    .deleteFrom("password_reset_token")
    .where("account_id", "=", accountId)
    .where("token_hash", "!=", keepTokenHash)
    .execute();
}
