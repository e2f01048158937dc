import { randomUUID } from "node:crypto";
import { type Account, normalizeEmail } from "../domain/accounts/account.js";
import { DomainError } from "../domain/errors.js";
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from "./codec.js";
import { isUniqueViolation } from "./db-errors.js";
import type { AccountRole, AccountRow, Executor } from "./schema.js";

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

/**
 * Stores the email normalized. An email the clinic already has (even when another request took it
 * a moment ago) fails as a `conflict` on the `email` field.
 */
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
    disabled_at: null,
  };
  try {
    await db.insertInto("account").values(row).execute();
  } catch (error) {
    if (isEmailTaken(error)) {
      throw new DomainError(
        "conflict",
        "This email already has an account at this clinic.",
        { fields: [{ path: "email", message: "already has an account at this clinic" }] },
        { cause: error },
      );
    }
    throw error;
  }
  return toAccount(row);
}

/**
 * The account table has two unique constraints: one email per clinic, and one account per patient
 * record. Only the first is the caller's to fix; the second means a patient was linked twice, a
 * bug. PostgreSQL names the constraint; SQLite lists its columns in the message.
 */
function isEmailTaken(error: unknown): boolean {
  if (!isUniqueViolation(error)) return false;
  const { constraint, message } = error as { constraint?: unknown; message?: unknown };
  return (
    constraint === "account_clinic_email" ||
    (typeof message === "string" && message.includes("account.email"))
  );
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

/** One staff account (any role but patient) of the clinic; undefined for a patient's or another clinic's. */
export async function findStaffAccount(
  db: Executor,
  clinicId: string,
  accountId: string,
): Promise<Account | undefined> {
  const row = await db
    .selectFrom("account")
    .selectAll()
    .where("id", "=", accountId)
    .where("clinic_id", "=", clinicId)
    .where("role", "!=", "patient")
    .executeTakeFirst();
  return row && toAccount(row);
}

export interface StaffAccountChange {
  role?: AccountRole;
  /** An instant disables the account, null enables it again. */
  disabledAt?: string | null;
  providerId?: string | null;
}

/** Applies the change to a staff account of the clinic; returns the account as it now is. */
export async function updateStaffAccount(
  db: Executor,
  clinicId: string,
  accountId: string,
  change: StaffAccountChange,
): Promise<Account | undefined> {
  const set: Partial<AccountRow> = {};
  if (change.role !== undefined) set.role = change.role;
  if (change.providerId !== undefined) set.provider_id = change.providerId;
  if (change.disabledAt !== undefined) {
    set.disabled_at = change.disabledAt === null ? null : toDbInstant(change.disabledAt);
  }
  if (Object.keys(set).length > 0) {
    await db
      .updateTable("account")
      .set(set)
      .where("id", "=", accountId)
      .where("clinic_id", "=", clinicId)
      .where("role", "!=", "patient")
      .execute();
  }
  return findStaffAccount(db, clinicId, accountId);
}

/**
 * Row-locks the clinic's admin accounts until the transaction ends (PostgreSQL; a SQLite write
 * transaction already holds the whole database). Two admins demoting or disabling each other at
 * once then run one after the other, so the second sees the first's change and the clinic never
 * loses its last admin. The no-op update is the portable way to take the lock on both dialects.
 */
export async function lockClinicAdmins(db: Executor, clinicId: string): Promise<void> {
  await db
    .updateTable("account")
    .set((eb) => ({ role: eb.ref("role") }))
    .where("clinic_id", "=", clinicId)
    .where("role", "=", "admin")
    .execute();
}

/** Admins of the clinic that are not disabled. */
export async function countActiveAdmins(db: Executor, clinicId: string): Promise<number> {
  const row = await db
    .selectFrom("account")
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
    .where("clinic_id", "=", clinicId)
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
    disabledAt: fromDbInstantOrNull(row.disabled_at),
  };
}
