import { randomUUID } from "node:crypto";
import type { ClinicClosure } from "../domain/clinic/types.js";
import { toDbInstant } from "./codec.js";
import type { ClinicClosureRow, Executor } from "./schema.js";
import { bumpSetupRevision, updateSetupRow } from "./setup-revision.repository.js";

export interface NewClosure {
  clinicId: string;
  /** `YYYY-MM-DD`, clinic zone; `lastDay` on or after `firstDay`. */
  firstDay: string;
  lastDay: string;
  note: string | null;
  createdAt: string;
}

/** Bumps the clinic's setup revision too: call it inside a write transaction. */
export async function createClosure(db: Executor, input: NewClosure): Promise<ClinicClosure> {
  const row: ClinicClosureRow = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    first_day: input.firstDay,
    last_day: input.lastDay,
    note: input.note,
    created_at: toDbInstant(input.createdAt),
  };
  await bumpSetupRevision(db, input.clinicId);
  await db.insertInto("clinic_closure").values(row).execute();
  return toClosure(row);
}

export interface ClosureChanges {
  firstDay?: string;
  lastDay?: string;
  note?: string | null;
}

/** False when the clinic has no such closure. Bumps the setup revision: call it inside a write transaction. */
export async function updateClosure(
  db: Executor,
  clinicId: string,
  id: string,
  changes: ClosureChanges,
): Promise<boolean> {
  const set = {
    ...(changes.firstDay !== undefined && { first_day: changes.firstDay }),
    ...(changes.lastDay !== undefined && { last_day: changes.lastDay }),
    ...(changes.note !== undefined && { note: changes.note }),
  };
  return updateSetupRow(db, "clinic_closure", clinicId, id, set);
}

/** False when the clinic has no such closure. Bumps the setup revision: call it inside a write transaction. */
export async function deleteClosure(db: Executor, clinicId: string, id: string): Promise<boolean> {
  await bumpSetupRevision(db, clinicId);
  const result = await db
    .deleteFrom("clinic_closure")
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findClosureById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<ClinicClosure | undefined> {
  const row = await db
    .selectFrom("clinic_closure")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toClosure(row);
}

/**
 * The clinic's closures that hold a day of `[fromDay, toDay]` (either bound may be left out), by
 * first day. Days compare as text: `YYYY-MM-DD` sorts as the calendar does.
 */
export async function listClosures(
  db: Executor,
  clinicId: string,
  range: { fromDay?: string; toDay?: string } = {},
): Promise<ClinicClosure[]> {
  let query = db.selectFrom("clinic_closure").selectAll().where("clinic_id", "=", clinicId);
  if (range.fromDay !== undefined) query = query.where("last_day", ">=", range.fromDay);
  if (range.toDay !== undefined) query = query.where("first_day", "<=", range.toDay);
  const rows = await query.orderBy("first_day").orderBy("id").execute();
  return rows.map(toClosure);
}

function toClosure(row: ClinicClosureRow): ClinicClosure {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    firstDay: row.first_day,
    lastDay: row.last_day,
    note: row.note,
  };
}
