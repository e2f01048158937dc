import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import {
  type BookingPolicy,
  type BookingPolicyInput,
  type Clinic,
  withDefaultCaps,
} from "../domain/clinic/types.js";
import { DomainError } from "../domain/errors.js";
import { fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { DialectName } from "./database.js";
import { isUniqueViolation } from "./db-errors.js";
import type { ClinicRow, Executor } from "./schema.js";
import { bumpSetupRevision } from "./setup-revision.repository.js";

export interface NewClinic {
  slug: string;
  name: string;
  timeZone: string;
  /** Caps left out take their defaults, and are stored complete. */
  policy: BookingPolicyInput;
  address?: string | null;
  phone?: string | null;
  createdAt: string;
}

/** A slug another clinic has is a `conflict` naming the `slug` field. */
export async function createClinic(db: Executor, input: NewClinic): Promise<Clinic> {
  const row: ClinicRow = {
    id: randomUUID(),
    slug: input.slug,
    name: input.name,
    time_zone: input.timeZone,
    policy: toDbJson(withDefaultCaps(input.policy)),
    created_at: toDbInstant(input.createdAt),
    address: input.address ?? null,
    phone: input.phone ?? null,
    setup_revision: 0,
  };
  try {
    await db.insertInto("clinic").values(row).execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new DomainError(
      "conflict",
      `There is already a clinic "${input.slug}".`,
      { fields: [{ path: "slug", message: "is already used by another clinic" }] },
      { cause: error },
    );
  }
  return toClinic(row);
}

export async function findClinicById(db: Executor, id: string): Promise<Clinic | undefined> {
  const row = await db.selectFrom("clinic").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toClinic(row);
}

export async function findClinicBySlug(db: Executor, slug: string): Promise<Clinic | undefined> {
  const row = await db.selectFrom("clinic").selectAll().where("slug", "=", slug).executeTakeFirst();
  return row && toClinic(row);
}

/** Whether the database holds any clinic at all (first-run set-up is open while it holds none). */
export async function anyClinicExists(db: Executor): Promise<boolean> {
  const row = await db.selectFrom("clinic").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * The clinic created first: the one a single-clinic server's public web app opens on.
 * Undefined while the database holds none.
 */
export async function findFirstClinic(db: Executor): Promise<Clinic | undefined> {
  const row = await db
    .selectFrom("clinic")
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return row && toClinic(row);
}

/**
 * Makes "no clinic exists yet, so create the first" one step: call it first in the write
 * transaction. PostgreSQL: an EXCLUSIVE lock on the clinic table (reads go on; any other creation
 * of a clinic waits for this transaction to end, and then sees its clinic). SQLite: nothing to do,
 * `BEGIN IMMEDIATE` already serializes every write transaction.
 */
export async function lockClinicCreation(db: Executor, dialect: DialectName): Promise<void> {
  if (dialect === "postgres") await sql`lock table clinic in exclusive mode`.execute(db);
}

/** What an admin may change of a clinic's profile; its slug never changes. */
export interface ClinicProfileChanges {
  name?: string | undefined;
  address?: string | null | undefined;
  phone?: string | null | undefined;
  timeZone?: string | undefined;
  /** The policy values to replace; the others stay as stored. */
  policy?: Partial<BookingPolicy> | undefined;
}

/**
 * Changes the clinic's profile and bumps its setup revision (name, zone and policy are part of
 * the setup every search reads). The bump comes first: on PostgreSQL it locks the clinic's row,
 * so the stored policy read next cannot change before the merged one is written (two admins
 * changing different numbers at once both keep theirs). False when there is no such clinic.
 */
export async function updateClinicProfile(
  db: Executor,
  clinicId: string,
  changes: ClinicProfileChanges,
): Promise<boolean> {
  const set: Partial<Omit<ClinicRow, "id" | "slug" | "created_at" | "setup_revision">> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.address !== undefined) set.address = changes.address;
  if (changes.phone !== undefined) set.phone = changes.phone;
  if (changes.timeZone !== undefined) set.time_zone = changes.timeZone;
  await bumpSetupRevision(db, clinicId);
  const current = await findClinicById(db, clinicId);
  if (!current) return false;
  if (changes.policy !== undefined) set.policy = toDbJson({ ...current.policy, ...changes.policy });
  if (Object.keys(set).length === 0) return true;
  const result = await db.updateTable("clinic").set(set).where("id", "=", clinicId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function toClinic(row: ClinicRow): Clinic {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    // Policies stored before the per-patient caps existed lack them: they take the defaults.
    policy: withDefaultCaps(fromDbJson<BookingPolicyInput>(row.policy)),
    address: row.address,
    phone: row.phone,
  };
}
