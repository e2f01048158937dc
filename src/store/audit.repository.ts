import { fromDbInstant, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import { timeOrderedId } from "./ordered-ids.js";
import type { AuditLogRow, Executor } from "./schema.js";
import { insertTrailing } from "./trailing-inserts.js";

/** What an audited action was about: a booking, a room, a staff account, the clinic itself… */
export interface AuditTarget {
  type: string;
  id: string;
}

/** Who read or changed what, when, and why. Append-only. */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  /** The actor's name and role as they were when the row was written; null on old rows. */
  actorName: string | null;
  actorRole: string | null;
  clinicId: string | null;
  patientId: string | null;
  /** What was done, e.g. `intake.read`, `plan.accept`, `room.update`. */
  action: string;
  target: AuditTarget | null;
  /** The reason the actor gave (a cancellation's, an override's); null when none was asked for. */
  reason: string | null;
  /** Ids and counts only: never patient data. */
  detail: Record<string, unknown>;
}

export type NewAuditEntry = Omit<
  AuditEntry,
  "id" | "detail" | "actorName" | "actorRole" | "target" | "reason"
> & {
  actorName?: string | null;
  actorRole?: string | null;
  target?: AuditTarget | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
};

/**
 * Appends a row to the trail. Nothing in a write reads its own audit rows, so on PostgreSQL the
 * row goes with the transaction's next statement (see `insertTrailing`).
 */
export async function appendAuditEntry(db: Executor, input: NewAuditEntry): Promise<AuditEntry> {
  const row: AuditLogRow = {
    id: timeOrderedId(input.at),
    at: toDbInstant(input.at),
    actor_id: input.actorId,
    actor_name: input.actorName ?? null,
    actor_role: input.actorRole ?? null,
    clinic_id: input.clinicId,
    patient_id: input.patientId,
    action: input.action,
    target_type: input.target?.type ?? null,
    target_id: input.target?.id ?? null,
    reason: input.reason ?? null,
    detail: toDbJson(input.detail ?? {}),
  };
  await insertTrailing(db, { inserts: [(qc) => qc.insertInto("audit_log").values(row)] });
  return toEntry(row);
}

/** Where a page of the trail ends: the last entry it showed. */
export interface AuditCursor {
  at: string;
  id: string;
}

export interface AuditQuery {
  clinicId: string;
  patientId?: string;
  actorId?: string;
  action?: string;
  /** Inclusive lower bound (instant). */
  from?: string;
  /** Exclusive upper bound (instant). */
  to?: string;
  /** Entries after this one in the trail's order (the previous page's last). */
  after?: AuditCursor;
  limit: number;
}

/**
 * Newest first; entries of one instant by id, so a page boundary inside an instant neither skips
 * nor repeats one. Pages are keyed on the last entry shown, so rows written while an admin pages
 * (they are newer) never shift what the next page holds.
 */
export async function listAuditEntries(db: Executor, query: AuditQuery): Promise<AuditEntry[]> {
  let q = db.selectFrom("audit_log").selectAll().where("clinic_id", "=", query.clinicId);
  if (query.patientId !== undefined) q = q.where("patient_id", "=", query.patientId);
  if (query.actorId !== undefined) q = q.where("actor_id", "=", query.actorId);
  if (query.action !== undefined) q = q.where("action", "=", query.action);
  if (query.from !== undefined) q = q.where("at", ">=", toDbInstant(query.from));
  if (query.to !== undefined) q = q.where("at", "<", toDbInstant(query.to));
  const after = query.after;
  if (after !== undefined) {
    const at = toDbInstant(after.at);
    q = q.where((eb) => eb.or([eb("at", "<", at), eb.and([eb("at", "=", at), eb("id", ">", after.id)])]));
  }
  const rows = await q.orderBy("at", "desc").orderBy("id").limit(query.limit).execute();
  return rows.map(toEntry);
}

function toEntry(row: AuditLogRow): AuditEntry {
  return {
    id: row.id,
    at: fromDbInstant(row.at),
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    action: row.action,
    target:
      row.target_type === null || row.target_id === null
        ? null
        : { type: row.target_type, id: row.target_id },
    reason: row.reason,
    detail: fromDbJson<Record<string, unknown>>(row.detail),
  };
}
