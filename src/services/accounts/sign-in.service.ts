import { isDemoAccount } from "../../demo/demo-accounts.js";
import type { Account } from "../../domain/accounts/account.js";
import { DomainError, forbidden, unauthenticated } from "../../domain/errors.js";
import { findAccountsForSignIn } from "../../store/account.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import type { AccountDeps } from "./account-deps.js";
import { assertNotWaiting, forgivePair, recordSignInFailure, signInKeys } from "./login-throttle.js";
import { getClinicOfAccount, openSession, type SignedIn } from "./sessions.service.js";

export interface SignInAttempt {
  email: string;
  password: string;
  /** Needed only when the email has accounts in several clinics. */
  clinicSlug?: string | undefined;
  /** The client's address: failures are counted per address as well as per email. */
  ip: string;
}

/**
 * Checks the password (argon2id) under the throttle (see login-throttle.ts), then opens a
 * session. An unknown email, an unknown clinic and a wrong password all answer the same 401,
 * after the same amount of hashing work. A disabled account is refused only once its password
 * has matched, so the refusal tells nothing to someone guessing.
 */
export async function signIn(deps: AccountDeps, attempt: SignInAttempt): Promise<SignedIn> {
  const { store } = deps;
  const now = deps.clock.now().toString();
  const keys = signInKeys(attempt.email, attempt.ip);
  await assertNotWaiting(store.db, [keys.pair, keys.ip], now);

  const clinic =
    attempt.clinicSlug === undefined ? undefined : await findClinicBySlug(store.db, attempt.clinicSlug);
  const candidates =
    attempt.clinicSlug !== undefined && clinic === undefined
      ? []
      : await findAccountsForSignIn(store.db, attempt.email, clinic?.id);

  const matches: Account[] = [];
  if (candidates.length === 0) await deps.passwords.verify(await deps.dummyPasswordHash(), attempt.password);
  for (const { passwordHash, ...account } of candidates) {
    if (await deps.passwords.verify(passwordHash, attempt.password)) matches.push(account);
  }
  const [account, ...others] = matches;
  if (account === undefined) {
    await recordSignInFailure(store, keys, deps.authPolicy, now);
    throw unauthenticated("The email or the password is wrong.");
  }
  if (others.length > 0) {
    // Only someone who knows the password learns that the email exists in several clinics.
    throw new DomainError("invalid_input", "This email signs in to several clinics: name the clinic.", {
      fields: [{ path: "clinic", message: "is required for this account (it belongs to several clinics)" }],
    });
  }
  if (deps.refuseDemoAccounts && isDemoAccount(account)) {
    throw forbidden("Demo accounts are disabled in production.");
  }
  if (account.disabledAt !== null) {
    throw forbidden("This account is disabled: ask the clinic's admin.");
  }

  const session = await withWriteTransaction(store, async (trx) => {
    await forgivePair(trx, keys);
    return openSession(trx, deps.authPolicy, account.id, now);
  });
  return {
    account,
    clinic: clinic ?? (await getClinicOfAccount(store.db, account.clinicId, account.id)),
    session,
  };
}
