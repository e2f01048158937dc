import { Temporal } from "temporal-polyfill";
import type { Account } from "../../domain/accounts/account.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Clinic } from "../../domain/clinic/types.js";
import {
  createAuthSession,
  deleteAuthSession,
  deleteExpiredSessionsOfAccount,
  findSessionPrincipal,
} from "../../store/auth-session.repository.js";
import { findClinicById } from "../../store/clinic.repository.js";
import type { Executor } from "../../store/schema.js";
import type { ServiceDeps } from "../service-deps.js";
import type { AuthPolicy } from "./auth-policy.js";
import { hashToken, newSecretToken } from "./tokens.js";

/** What an app shows as "signed in as": the account (without its secret) and its clinic. */
export interface AccountInClinic {
  account: Omit<Account, "createdAt" | "disabledAt">;
  clinic: Clinic;
}

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  expiresAt: string;
}

/** The outcome of a sign-in or a sign-up: a new session and whose it is. */
export interface SignedIn extends AccountInClinic {
  session: NewSession;
}

/**
 * Opens a server-side session for the account (and sweeps its expired ones), inside the caller's
 * transaction so the session exists exactly when the rest of the sign-in does.
 */
export async function openSession(
  trx: Executor,
  policy: Pick<AuthPolicy, "sessionHours">,
  accountId: string,
  now: string,
): Promise<NewSession> {
  const token = newSecretToken();
  const expiresAt = Temporal.Instant.from(now).add({ hours: policy.sessionHours }).toString();
  await deleteExpiredSessionsOfAccount(trx, accountId, now);
  await createAuthSession(trx, { tokenHash: hashToken(token), accountId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export interface ResolvedSession {
  /** Names the presented session whether or not it is live; sign-out deletes by it. */
  tokenHash: string;
  /** The signed-in account, when the session exists and has not expired. */
  principal: SessionPrincipal | undefined;
}

/** Resolves a session cookie's token; an unknown or expired token resolves to no principal. */
export async function resolveSessionToken(deps: ServiceDeps, token: string): Promise<ResolvedSession> {
  const tokenHash = hashToken(token);
  const principal = await findSessionPrincipal(deps.store.db, tokenHash, deps.clock.now().toString());
  return { tokenHash, principal };
}

/** Deletes the session, so replaying its cookie signs nobody in. An unknown hash is no error. */
export async function signOut(deps: ServiceDeps, tokenHash: string): Promise<void> {
  await deleteAuthSession(deps.store.db, tokenHash);
}

/** The signed-in account with its clinic. */
export async function getSignedInAccount(
  deps: ServiceDeps,
  principal: SessionPrincipal,
): Promise<AccountInClinic> {
  const clinic = await getClinicOfAccount(deps.store.db, principal.clinicId, principal.accountId);
  return {
    account: {
      id: principal.accountId,
      clinicId: principal.clinicId,
      email: principal.email,
      name: principal.name,
      role: principal.role,
      patientId: principal.patientId,
      providerId: principal.providerId,
    },
    clinic,
  };
}

/** Every account belongs to a clinic (a foreign key): a missing one is a broken database, not a 404. */
export async function getClinicOfAccount(db: Executor, clinicId: string, accountId: string): Promise<Clinic> {
  const clinic = await findClinicById(db, clinicId);
  if (!clinic) throw new Error(`account ${accountId} points at a missing clinic`);
  return clinic;
}
