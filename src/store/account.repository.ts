import { randomUUID } from "node:crypto";
import { fromDbInstant, toDbInstant } from "./codec.js";
import type { AccountRole, AccountRow, Executor } from "./schema.js";

/** A sign-in for one clinic. The password hash never leaves the auth code. */
export interface Account {
  id: string;
  clinicId: string;
  email: string;
  name: string;
  role: AccountRole;
  providerId: string | null;
  patientId: string | null;
  createdAt: string;
}

export interface AccountWithSecret extends Account {
  passwordHash: string;
}

export interface NewAccount {
  clinicId: string;
  email: string;
  name: string;
  role: AccountRole;
  passwordHash: string;
  providerId?: string | null;
  patientId?: string | null;
  createdAt: string;
}

/** Emails are compared trimmed and lower-cased; the stored form is that one. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An email already used in the clinic fails with a unique violation (`isUniqueViolation`). */
export async function createAccount(db: Executor, input: NewAccount): Promise<Account> {
  const row: AccountRow = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    email: normalizeEmail(input.email),
    name: input.name,
    role: input.role,
    password_hash: input.passwordHash,
    provider_id: input.providerId ?? null,
    patient_id: input.patientId ?? null,
    created_at: toDbInstant(input.createdAt),
  };
  await db.insertInto("account").values(row).execute();
  return toAccount(row);
}

export async function findAccountById(db: Executor, id: string): Promise<Account | undefined> {
  const row = await db.selectFrom("account").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toAccount(row);
}

/** Every account with this email, in one clinic or (without `clinicId`) in all of them. */
export async function findAccountsForSignIn(
  db: Executor,
  email: string,
  clinicId?: string,
): Promise<AccountWithSecret[]> {
  let query = db.selectFrom("account").selectAll().where("email", "=", normalizeEmail(email));
  if (clinicId !== undefined) query = query.where("clinic_id", "=", clinicId);
  const rows = await query.orderBy("created_at").orderBy("id").limit(10).execute();
  return rows.map((row) => ({ ...toAccount(row), passwordHash: row.password_hash }));
}

export async function findAccountByEmail(
  db: Executor,
  clinicId: string,
  email: string,
): Promise<Account | undefined> {
  const row = await db
    .selectFrom("account")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  return row && toAccount(row);
}

/** The clinic's staff accounts (every role but patient), by name. */
export async function listStaffAccounts(db: Executor, clinicId: string): Promise<Account[]> {
  const rows = await db
    .selectFrom("account")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("role", "!=", "patient")
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map(toAccount);
}

export async function updatePasswordHash(
  db: Executor,
  accountId: string,
  passwordHash: string,
): Promise<void> {
  await db.updateTable("account").set({ password_hash: passwordHash }).where("id", "=", accountId).execute();
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    email: row.email,
    name: row.name,
    role: row.role,
    providerId: row.provider_id,
    patientId: row.patient_id,
    createdAt: fromDbInstant(row.created_at),
  };
}
