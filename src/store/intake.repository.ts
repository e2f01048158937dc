import { randomUUID } from "node:crypto";
import { DomainError } from "../domain/errors.js";
import type { Intake } from "../domain/protocol/intake.js";
import { fromDbInstant, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import { isUniqueViolation } from "./db-errors.js";
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
 * Saves `data` as the patient's next version. Two writers racing for the same number (PostgreSQL;
 * SQLite takes its write lock up front): the loser fails with a `conflict` and may simply retry in a
 * new transaction, which then takes the next number.
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

function toIntakeVersion(row: IntakeVersionRow): IntakeVersion {
  return {
    id: row.id,
    patientId: row.patient_id,
    version: row.version,
    data: fromDbJson<Intake>(row.data),
    createdAt: fromDbInstant(row.created_at),
  };
}
