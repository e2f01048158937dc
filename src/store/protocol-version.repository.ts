import { randomUUID } from "node:crypto";
import { DomainError } from "../domain/errors.js";
import { fromDbBool, fromDbInstant, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";
import { isUniqueViolation } from "./db-errors.js";
import type { Executor, ProtocolVersionRow } from "./schema.js";
import { bumpSetupRevision } from "./setup-revision.repository.js";

/**
 * One saved version of a clinic's protocol. The document's shape belongs to domain/protocol; the
 * store keeps it as JSON and hands it back unparsed (`unknown`) for the caller to validate.
 */
export interface ProtocolVersionRecord {
  id: string;
  clinicId: string;
  version: string;
  document: unknown;
  createdAt: string;
  isCurrent: boolean;
}

export interface NewProtocolVersion {
  clinicId: string;
  version: string;
  document: unknown;
  createdAt: string;
}

/**
 * Saves a new version and makes it the clinic's current one (the previous one stops being current).
 * Several statements and a setup revision bump: call it inside `withWriteTransaction`. A version
 * label the clinic already used is a `conflict` naming the `version` field: a saved version never
 * changes, since plans name the version they were made with.
 */
export async function addProtocolVersion(
  db: Executor,
  input: NewProtocolVersion,
): Promise<ProtocolVersionRecord> {
  await bumpSetupRevision(db, input.clinicId);
  await db
    .updateTable("protocol_version")
    .set({ is_current: toDbBool(false) })
    .where("clinic_id", "=", input.clinicId)
    .where("is_current", "=", toDbBool(true))
    .execute();
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    version: input.version,
    document: toDbJson(input.document),
    created_at: toDbInstant(input.createdAt),
    is_current: toDbBool(true),
  };
  try {
    await db.insertInto("protocol_version").values(row).execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new DomainError(
      "conflict",
      `Version "${input.version}" already exists: a saved version never changes; name a new one.`,
      { fields: [{ path: "version", message: "is already used" }] },
      { cause: error },
    );
  }
  return toRecord(row);
}

export async function findCurrentProtocolVersion(
  db: Executor,
  clinicId: string,
): Promise<ProtocolVersionRecord | undefined> {
  const row = await db
    .selectFrom("protocol_version")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("is_current", "=", toDbBool(true))
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function findProtocolVersion(
  db: Executor,
  clinicId: string,
  version: string,
): Promise<ProtocolVersionRecord | undefined> {
  const row = await db
    .selectFrom("protocol_version")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("version", "=", version)
    .executeTakeFirst();
  return row && toRecord(row);
}

function toRecord(row: ProtocolVersionRow): ProtocolVersionRecord {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    version: row.version,
    document: fromDbJson<unknown>(row.document),
    createdAt: fromDbInstant(row.created_at),
    isCurrent: fromDbBool(row.is_current),
  };
}
