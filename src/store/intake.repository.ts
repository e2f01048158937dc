import { randomUUID } from "node:crypto";
import type { Intake } from "../domain/protocol/intake.js";
import { fromDbInstant, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { Executor, IntakeVersionRow } from "./schema.js";

/** One saved version of what a patient told the clinic. Versions count from 1 and are never updated. */
export interface IntakeVersion {
  id: string;
  patientId: string;
  version: number;
  data: Intake;
  createdAt: string;
}

/**
 * Saves `data` as the patient's next version. Two writers racing for the same number: the loser
 * fails with a unique violation (`isUniqueViolation`) and may simply retry.
 */
export async function saveIntake(
  db: Executor,
  patientId: string,
  data: Intake,
  createdAt: string,
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
  };
  await db.insertInto("intake_version").values(row).execute();
  return toIntakeVersion(row);
}

export async function findLatestIntake(db: Executor, patientId: string): Promise<IntakeVersion | undefined> {
  const row = await db
    .selectFrom("intake_version")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && toIntakeVersion(row);
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

/** Oldest first. */
export async function listIntakeVersions(db: Executor, patientId: string): Promise<IntakeVersion[]> {
  const rows = await db
    .selectFrom("intake_version")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("version")
    .execute();
  return rows.map(toIntakeVersion);
}

function toIntakeVersion(row: IntakeVersionRow): IntakeVersion {
  return {
    id: row.id,
    patientId: row.patient_id,
    version: row.version,
    data: fromDbJson<Intake>(row.data),
    createdAt: fromDbInstant(row.created_at),
  };
}
