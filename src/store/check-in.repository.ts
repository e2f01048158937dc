import type { CheckInAnswers, CheckInDay } from "../domain/checkins/check-in.js";
import { DomainError } from "../domain/errors.js";
import { fromDbInstant, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import { isUniqueViolation } from "./db-errors.js";
import type { CheckInRow, Executor } from "./schema.js";

export interface CheckInRecord {
  bookingId: string;
  day: CheckInDay;
  clinicId: string;
  patientId: string;
  answers: CheckInAnswers;
  answeredAt: string;
  /** The account that answered. */
  answeredBy: string;
}

/**
 * Stores an answered check-in. A check-in is answered once: a second answer for the same booking
 * and day (even one racing this one) is a conflict.
 */
export async function insertCheckIn(db: Executor, record: CheckInRecord): Promise<CheckInRecord> {
  try {
    await db
      .insertInto("check_in")
      .values({
        booking_id: record.bookingId,
        day: record.day,
        clinic_id: record.clinicId,
        patient_id: record.patientId,
        answers: toDbJson(record.answers),
        answered_at: toDbInstant(record.answeredAt),
        answered_by: record.answeredBy,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("conflict", "This check-in has already been answered.", {}, { cause: error });
    throw error;
  }
  return record;
}

/** The answered check-ins of one booking, by day. */
export async function listCheckIns(db: Executor, bookingId: string): Promise<CheckInRecord[]> {
  const rows = await db
    .selectFrom("check_in")
    .selectAll()
    .where("booking_id", "=", bookingId)
    .orderBy("day")
    .execute();
  return rows.map(toCheckIn);
}

/** Every answered check-in of one patient, oldest answer first (for the record export). */
export async function listCheckInsOfPatient(db: Executor, patientId: string): Promise<CheckInRecord[]> {
  const rows = await db
    .selectFrom("check_in")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("answered_at")
    .orderBy("booking_id")
    .orderBy("day")
    .execute();
  return rows.map(toCheckIn);
}

function toCheckIn(row: CheckInRow): CheckInRecord {
  return {
    bookingId: row.booking_id,
    day: Number(row.day) as CheckInDay,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    answers: fromDbJson<CheckInAnswers>(row.answers),
    answeredAt: fromDbInstant(row.answered_at),
    answeredBy: row.answered_by,
  };
}
