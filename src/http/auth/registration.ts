import { DomainError } from "../../domain/errors.js";
import {
  type Account,
  createAccount,
  findAccountByEmail,
  normalizeEmail,
} from "../../store/account.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import { createPatient } from "../../store/patient.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import type { AppContext } from "../deps.js";
import { noSuchClinic } from "./guards.js";

export interface Registration {
  clinicSlug: string;
  name: string;
  email: string;
  password: string;
  timeZone: string;
  phone?: string | undefined;
}

/**
 * Patient self sign-up: a new patient record and its account, in one transaction. It never
 * attaches to an existing patient with the same email: nothing here proves the caller owns that
 * mailbox, and claiming a chart by typing an email would hand it to anyone.
 */
export async function registerPatient(ctx: AppContext, input: Registration): Promise<Account> {
  const clinic = await findClinicBySlug(ctx.store.db, input.clinicSlug);
  if (!clinic) throw noSuchClinic();
  if (await findAccountByEmail(ctx.store.db, clinic.id, input.email)) throw emailTaken();
  // Hash outside the transaction: argon2 is slow and must not hold the write lock.
  const passwordHash = await ctx.passwords.hash(input.password);
  const now = ctx.now();
  return withWriteTransaction(ctx.store, async (trx) => {
    const patient = await createPatient(trx, {
      clinicId: clinic.id,
      name: input.name,
      email: normalizeEmail(input.email),
      phone: input.phone ?? null,
      timeZone: input.timeZone,
      createdAt: now,
    });
    return createAccount(trx, {
      clinicId: clinic.id,
      email: input.email,
      name: input.name,
      role: "patient",
      passwordHash,
      patientId: patient.id,
      createdAt: now,
    });
  });
}

function emailTaken(): DomainError {
  return new DomainError("conflict", "An account with this email exists: sign in or reset the password.", {
    fields: [{ path: "email", message: "already has an account at this clinic" }],
  });
}
