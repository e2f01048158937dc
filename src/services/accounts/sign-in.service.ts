import { isDemoAccount } from "../../demo/demo-accounts.js";
import type { Account } from "../../domain/accounts/account.js";
import { DomainError, forbidden, unauthenticated } from "../../domain/errors.js";
import { findAccountsForSignIn } from "../../store/account.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import type { AccountDeps } from "./account-deps.js";
import { assertNotLocked, forgiveEmail, recordFailure, throttleKeys } from "./login-throttle.js";
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
 * Checks the password (argon2id) under the email and address throttle, then opens a session.
 * An unknown email, an unknown clinic and a wrong password all answer the same 401, after the
 * same amount of hashing work.
 */
export async function signIn(deps: AccountDeps, attempt: SignInAttempt): Promise<SignedIn> {
  const { store } = deps;
  const now = deps.clock.now().toString();
  const keys = throttleKeys(attempt.email, attempt.ip);
  await assertNotLocked(store.db, keys, now);

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
    await recordFailure(store, keys, deps.authPolicy, now);
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

  const session = await withWriteTransaction(store, async (trx) => {
    await forgiveEmail(trx, attempt.email);
    return openSession(trx, deps.authPolicy, account.id, now);
  });
  return {
    account,
    clinic: clinic ?? (await getClinicOfAccount(store.db, account.clinicId, account.id)),
    session,
  };
}
