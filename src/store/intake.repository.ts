import { randomUUID } from "node:crypto";
import { DomainError } from "../domain/errors.js";
import type { Intake } from "../domain/protocol/intake.js";
import { fromDbInstant, fromDbInstantOrNull, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import { isUniqueViolation } from "./db-errors.js";
import type { Executor, IntakeVersionRow } from "./schema.js";

/**
 * One saved version of what a patient told the clinic. Versions count from 1; their content is
 * never updated, only a provider's confirmation of what they removed.
 */
export interface IntakeVersion {
  id: string;
  patientId: string;
  version: number;
  data: Intake;
  createdAt: string;
  /** Hard blocks and review reasons this version removed (against the last confirmed one). */
  removed: string[];
  /** The provider account that confirmed the removals, and when; null until then (or when none). */
  confirmedBy: string | null;
  confirmedAt: string | null;
}

/** Removals no provider has confirmed yet: while there are any, no treatment can be booked. */
export function unconfirmedRemovalsOf(intake: IntakeVersion): string[] {
  return intake.confirmedAt === null ? intake.removed : [];
}

/**
 * Saves `data` as the patient's next version. Two writers racing for the same number (PostgreSQL;
 * SQLite takes its write lock up front): the loser fails with a `conflict` and may simply retry in a
 * new transaction, which then takes the next number.
 */
export async function saveIntake(
  db: Executor,
  patientId: string,
  data: Intake,
  createdAt: string,
  options: { removed?: readonly string[]; confirmed?: { by: string; at: string } } = {},
): Promise<IntakeVersion> {
  const last = await db
    .selectFrom("intake_version")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("patient_id", "=", patientId)
    .executeTakeFirst();
  const row = {
    id: randomUUID(),
    patient_id: patientId,
    version: Number(last?.version ?? 0) + 1,
    data: toDbJson(data),
    created_at: toDbInstant(createdAt),
    pending_removals: options.removed?.length ? toDbJson([...options.removed]) : null,
    confirmed_by: options.confirmed?.by ?? null,
    confirmed_at: options.confirmed ? toDbInstant(options.confirmed.at) : null,
  };
  try {
    await db.insertInto("intake_version").values(row).execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Not a field of the request: the version number is ours, and someone else just took it.
    throw new DomainError(
      "conflict",
      `Another intake for this patient was saved as version ${row.version} at the same moment.`,
      { version: row.version },
      { cause: error },
    );
  }
  return toIntakeVersion(row);
}

export async function findLatestIntake(db: Executor, patientId: string): Promise<IntakeVersion | undefined> {
  const row = await latestIntakeQuery(db, patientId).executeTakeFirst();
  return row && toIntakeVersion(row);
}

/** The read behind `findLatestIntake`, for a statement that nests it (see patient-records.repository.ts). */
export function latestIntakeQuery(db: Executor, patientId: string) {
  return db
    .selectFrom("intake_version")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("version", "desc")
    .limit(1);
}

export async function findIntakeVersion(
  db: Executor,
  patientId: string,
  version: number,
): Promise<IntakeVersion | undefined> {
  const row = await db
    .selectFrom("intake_version")
    .selectAll()
    .where("patient_id", "=", patientId)
    .where("version", "=", version)
    .executeTakeFirst();
  return row && toIntakeVersion(row);
}

/**
 * The newest version whose removals (if any) a provider confirmed: what a new version is
 * compared with, so a removal stays unconfirmed however many versions follow it.
 */
export async function findLastConfirmedIntake(
  db: Executor,
  patientId: string,
): Promise<IntakeVersion | undefined> {
  const row = await db
    .selectFrom("intake_version")
    .selectAll()
    .where("patient_id", "=", patientId)
    .where((eb) => eb.or([eb("pending_removals", "is", null), eb("confirmed_at", "is not", null)]))
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && toIntakeVersion(row);
}

/**
 * Records a provider's confirmation of what `version` removed. Undefined, changing nothing, when
 * that version has nothing awaiting confirmation (none removed, or confirmed already).
 */
export async function confirmIntakeVersion(
  db: Executor,
  patientId: string,
  version: number,
  confirmation: { by: string; at: string },
): Promise<IntakeVersion | undefined> {
  const result = await db
    .updateTable("intake_version")
    .set({ confirmed_by: confirmation.by, confirmed_at: toDbInstant(confirmation.at) })
    .where("patient_id", "=", patientId)
    .where("version", "=", version)
    .where("pending_removals", "is not", null)
    .where("confirmed_at", "is", null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  return findIntakeVersion(db, patientId, version);
}

export function toIntakeVersion(row: IntakeVersionRow): IntakeVersion {
  return {
    id: row.id,
    patientId: row.patient_id,
    version: row.version,
    data: fromDbJson<Intake>(row.data),
    createdAt: fromDbInstant(row.created_at),
    removed: row.pending_removals === null ? [] : fromDbJson<string[]>(row.pending_removals),
    confirmedBy: row.confirmed_by,
    confirmedAt: fromDbInstantOrNull(row.confirmed_at),
  };
}
