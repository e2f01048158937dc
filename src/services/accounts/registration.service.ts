import { normalizeEmail } from "../../domain/accounts/account.js";
import { DomainError } from "../../domain/errors.js";
import { createAccount, findAccountByEmail } from "../../store/account.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import { createPatient } from "../../store/patient.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { noSuchClinic } from "../access.js";
import type { AccountDeps } from "./account-deps.js";
import { openSession, type SignedIn } from "./sessions.service.js";

export interface Registration {
  clinicSlug: string;
  name: string;
  email: string;
  password: string;
  timeZone: string;
  phone?: string | undefined;
}

/**
 * Patient self sign-up: a new patient record, its account and a first session, in one
 * transaction. It never attaches to an existing patient with the same email: nothing here proves
 * the caller owns that mailbox, and claiming a chart by typing an email would hand it to anyone.
 */
export async function registerPatient(deps: AccountDeps, input: Registration): Promise<SignedIn> {
  const { store } = deps;
  const clinic = await findClinicBySlug(store.db, input.clinicSlug);
  if (!clinic) throw noSuchClinic();
  // Checked first for the friendlier answer and to spare the hashing; two sign-ups racing with one
  // email still meet the account's unique constraint, which answers a conflict of its own.
  if (await findAccountByEmail(store.db, clinic.id, input.email)) throw emailTaken();
  // Hash outside the transaction: argon2 is slow and must not hold the write lock.
  const passwordHash = await deps.passwords.hash(input.password);
  const now = deps.clock.now().toString();
  return withWriteTransaction(store, async (trx) => {
    const patient = await createPatient(trx, {
      clinicId: clinic.id,
      name: input.name,
      email: normalizeEmail(input.email),
      phone: input.phone ?? null,
      timeZone: input.timeZone,
      createdAt: now,
    });
    const account = await createAccount(trx, {
      clinicId: clinic.id,
      email: input.email,
      name: input.name,
      role: "patient",
      passwordHash,
      patientId: patient.id,
      createdAt: now,
    });
    return { account, clinic, session: await openSession(trx, deps.authPolicy, account.id, now) };
  });
}

function emailTaken(): DomainError {
  return new DomainError("conflict", "An account with this email exists: sign in or reset the password.", {
    fields: [{ path: "email", message: "already has an account at this clinic" }],
  });
}
