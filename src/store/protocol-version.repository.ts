import { randomUUID } from "node:crypto";
import { fromDbBool, fromDbInstant, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";
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
 * Two statements: call it inside `withWriteTransaction`. A reused version label fails with a unique
 * violation (`isUniqueViolation`).
 */
export async function addProtocolVersion(
  db: Executor,
  input: NewProtocolVersion,
): Promise<ProtocolVersionRecord> {
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
  await db.insertInto("protocol_version").values(row).execute();
  await bumpSetupRevision(db, input.clinicId);
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

/** Oldest first. */
export async function listProtocolVersions(db: Executor, clinicId: string): Promise<ProtocolVersionRecord[]> {
  const rows = await db
    .selectFrom("protocol_version")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .orderBy("created_at")
    .orderBy("version")
    .execute();
  return rows.map(toRecord);
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
