import { randomUUID } from "node:crypto";
import { fromDbInstant, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { AuditLogRow, Executor } from "./schema.js";

/** Who read or changed which patient's data, and when. Append-only. */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  clinicId: string | null;
  patientId: string | null;
  /** What was done, e.g. `intake.read`, `plan.accept`. */
  action: string;
  /** Ids and counts only: never patient data. */
  detail: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, "id" | "detail"> & { detail?: Record<string, unknown> };

export async function appendAuditEntry(db: Executor, input: NewAuditEntry): Promise<AuditEntry> {
  const row: AuditLogRow = {
    id: randomUUID(),
    at: toDbInstant(input.at),
    actor_id: input.actorId,
    clinic_id: input.clinicId,
    patient_id: input.patientId,
    action: input.action,
    detail: toDbJson(input.detail ?? {}),
  };
  await db.insertInto("audit_log").values(row).execute();
  return toEntry(row);
}

export interface AuditQuery {
  clinicId: string;
  patientId?: string;
  /** Inclusive lower bound (instant). */
  from?: string;
  /** Exclusive upper bound (instant). */
  to?: string;
  limit: number;
}

/** Newest first. */
export async function listAuditEntries(db: Executor, query: AuditQuery): Promise<AuditEntry[]> {
  let q = db.selectFrom("audit_log").selectAll().where("clinic_id", "=", query.clinicId);
  if (query.patientId !== undefined) q = q.where("patient_id", "=", query.patientId);
  if (query.from !== undefined) q = q.where("at", ">=", toDbInstant(query.from));
  if (query.to !== undefined) q = q.where("at", "<", toDbInstant(query.to));
  const rows = await q.orderBy("at", "desc").orderBy("id").limit(query.limit).execute();
  return rows.map(toEntry);
}

function toEntry(row: AuditLogRow): AuditEntry {
  return {
    id: row.id,
    at: fromDbInstant(row.at),
    actorId: row.actor_id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    action: row.action,
    detail: fromDbJson<Record<string, unknown>>(row.detail),
  };
}
