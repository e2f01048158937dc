import { DomainError, forbidden, unauthenticated } from "../../domain/errors.js";
import { type Account, findAccountsForSignIn } from "../../store/account.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import type { AppContext } from "../deps.js";
import { isDemoAccount } from "./demo-accounts.js";
import { assertNotLocked, forgiveEmail, recordFailure, throttleKeys } from "./login-throttle.js";
import { type NewSession, newSessionFor } from "./sessions.js";

export interface SignInAttempt {
  email: string;
  password: string;
  /** Needed only when the email has accounts in several clinics. */
  clinicSlug?: string | undefined;
  ip: string;
}

export interface SignedIn extends NewSession {
  account: Account;
}

/**
 * Checks the password (argon2id) under the email and address throttle, then opens a session.
 * An unknown email, an unknown clinic and a wrong password all answer the same 401, after the
 * same amount of hashing work.
 */
export async function signIn(ctx: AppContext, attempt: SignInAttempt): Promise<SignedIn> {
  const now = ctx.now();
  const keys = throttleKeys(attempt.email, attempt.ip);
  await assertNotLocked(ctx.store, keys, now);

  const clinic =
    attempt.clinicSlug === undefined ? undefined : await findClinicBySlug(ctx.store.db, attempt.clinicSlug);
  const candidates =
    attempt.clinicSlug !== undefined && clinic === undefined
      ? []
      : await findAccountsForSignIn(ctx.store.db, attempt.email, clinic?.id);

  const matches: Account[] = [];
  if (candidates.length === 0) await ctx.passwords.verify(await ctx.dummyPasswordHash(), attempt.password);
  for (const { passwordHash, ...account } of candidates) {
    if (await ctx.passwords.verify(passwordHash, attempt.password)) matches.push(account);
  }
  const [account, ...others] = matches;
  if (account === undefined) {
    await recordFailure(ctx.store, keys, ctx.authPolicy, now);
    throw unauthenticated("The email or the password is wrong.");
  }
  if (others.length > 0) {
    // Only someone who knows the password learns that the email exists in several clinics.
    throw new DomainError("invalid_input", "This email signs in to several clinics: name the clinic.", {
      fields: [{ path: "clinic", message: "is required for this account (it belongs to several clinics)" }],
    });
  }
  if (ctx.config.nodeEnv === "production" && isDemoAccount(account)) {
    throw forbidden("Demo accounts are disabled in production.");
  }

  await forgiveEmail(ctx.store, keys);
  return { account, ...(await newSessionFor(ctx, account.id)) };
}
