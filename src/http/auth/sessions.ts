import { Temporal } from "temporal-polyfill";
import { createAuthSession, deleteExpiredSessionsOfAccount } from "../../store/auth-session.repository.js";
import type { AppContext } from "../deps.js";
import { hashToken, newSecretToken } from "./tokens.js";

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  expiresAt: string;
}

/** Opens a server-side session for the account (and sweeps its expired ones). */
export async function newSessionFor(ctx: AppContext, accountId: string): Promise<NewSession> {
  const now = ctx.now();
  const token = newSecretToken();
  const expiresAt = Temporal.Instant.from(now).add({ hours: ctx.authPolicy.sessionHours }).toString();
  await deleteExpiredSessionsOfAccount(ctx.store.db, accountId, now);
  await createAuthSession(ctx.store.db, {
    tokenHash: hashToken(token),
    accountId,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}
