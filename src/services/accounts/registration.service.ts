import { Temporal } from "temporal-polyfill";
import { normalizeEmail } from "../../domain/accounts/account.js";
import { DomainError } from "../../domain/errors.js";
import { createAccount, findAccountByEmail } from "../../store/account.repository.js";
import { findClinicById, findClinicBySlug } from "../../store/clinic.repository.js";
import { createPatient } from "../../store/patient.repository.js";
import { consumePatientSignup, createPatientSignup } from "../../store/patient-signup.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { noSuchClinic } from "../access.js";
import { recordEvent } from "../events/record-event.js";
import type { AccountDeps } from "./account-deps.js";
import { assertStrongPassword } from "./password-strength.js";
import { openSession, type SignedIn } from "./sessions.service.js";
import { hashToken, newSecretToken } from "./tokens.js";

/**
 * Outbox event types for the mailer: the link that finishes a new sign-up (it carries the token),
 * and a note to an account's owner that someone tried to sign up with their address (no secret).
 */
export const SIGNUP_CONFIRMATION_EVENT = "auth.signup_confirmation_requested";
export const SIGNUP_ATTEMPTED_EVENT = "auth.signup_attempted";

export interface Registration {
  clinicSlug: string;
  name: string;
  email: string;
  password: string;
  timeZone: string;
  phone?: string | undefined;
}

/**
 * Patient self sign-up, step one. The answer (nothing, for a 202) is the same whether or not the
 * email already has an account at the clinic, and so is the work: the password is checked and
 * hashed either way, and either way one transaction writes to the outbox.
 *
 * - A new email: the sign-up waits in `patient_signup`, and the outbox gets a link for the address
 *   (`confirmPatientSignup` finishes it). Nothing exists until the mailbox's owner follows it, so
 *   a stranger cannot open an account on someone else's address, nor learn from a later sign-in
 *   whether the address was taken.
 * - A known email: the owner is told by email that someone tried; nothing else changes.
 *
 * It never attaches to an existing patient record with the same email: nothing proves the caller
 * owns that chart.
 */
export async function requestPatientSignup(deps: AccountDeps, input: Registration): Promise<void> {
  const { store } = deps;
  const clinic = await findClinicBySlug(store.db, input.clinicSlug);
  if (!clinic) throw noSuchClinic();
  assertStrongPassword(input.password, input);
  // Hash outside the transaction (argon2 is slow and must not hold the write lock), and for a
  // known email too, so the time taken does not tell the two apart.
  const passwordHash = await deps.passwords.hash(input.password);
  const now = deps.clock.now().toString();
  const email = normalizeEmail(input.email);
  await withWriteTransaction(store, async (trx) => {
    const existing = await findAccountByEmail(trx, clinic.id, email);
    if (existing) {
      await recordEvent(trx, store, {
        clinicId: clinic.id,
        type: SIGNUP_ATTEMPTED_EVENT,
        payload: { accountId: existing.id, email: existing.email, clinicSlug: clinic.slug },
        createdAt: now,
      });
      return;
    }
    const token = newSecretToken();
    const expiresAt = Temporal.Instant.from(now)
      .add({ hours: deps.authPolicy.signupConfirmHours })
      .toString();
    await createPatientSignup(trx, {
      tokenHash: hashToken(token),
      clinicId: clinic.id,
      email,
      name: input.name,
      phone: input.phone ?? null,
      timeZone: input.timeZone,
      passwordHash,
      createdAt: now,
      expiresAt,
    });
    await recordEvent(trx, store, {
      clinicId: clinic.id,
      type: SIGNUP_CONFIRMATION_EVENT,
      payload: { email, clinicSlug: clinic.slug, token, expiresAt },
      createdAt: now,
    });
  });
}

/**
 * Step two: the emailed link's token creates the patient record and its account, and signs in,
 * in one transaction. The token is spent; an unknown, used or expired one is a 400 on `token`. If
 * the email got an account meanwhile (an earlier link, a staff invitation), the answer is a 409
 * and nothing is created.
 */
export async function confirmPatientSignup(deps: AccountDeps, token: string): Promise<SignedIn> {
  const now = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const signup = await consumePatientSignup(trx, hashToken(token), now);
    if (!signup) throw invalidSignupToken();
    const clinic = await findClinicById(trx, signup.clinicId);
    if (!clinic) throw invalidSignupToken();
    const patient = await createPatient(trx, {
      clinicId: clinic.id,
      name: signup.name,
      email: signup.email,
      phone: signup.phone,
      timeZone: signup.timeZone,
      createdAt: now,
    });
    const account = await createAccount(trx, {
      clinicId: clinic.id,
      email: signup.email,
      name: signup.name,
      role: "patient",
      passwordHash: signup.passwordHash,
      patientId: patient.id,
      createdAt: now,
    });
    return { account, clinic, session: await openSession(trx, deps.authPolicy, account.id, now) };
  });
}

function invalidSignupToken(): DomainError {
  return new DomainError("invalid_input", "The sign-up link is invalid, used or expired.", {
    fields: [{ path: "token", message: "is invalid, used or expired" }],
  });
}
