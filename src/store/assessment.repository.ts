import type { ConcernAssessment } from "../domain/clinical/assessment.js";
import { fromDbInstant, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { Executor, SessionAssessmentRow } from "./schema.js";

export interface SessionAssessment {
  bookingId: string;
  patientId: string;
  concerns: ConcernAssessment[];
  assessedBy: string;
  assessedAt: string;
}

/** Replaces the session's assessment whole. */
export async function saveAssessment(
  db: Executor,
  input: SessionAssessment & { clinicId: string },
): Promise<SessionAssessment> {
  const values = {
    data: toDbJson(input.concerns),
    assessed_by: input.assessedBy,
    assessed_at: toDbInstant(input.assessedAt),
  };
  await db
    .insertInto("session_assessment")
    .values({
      booking_id: input.bookingId,
      clinic_id: input.clinicId,
      patient_id: input.patientId,
      ...values,
    })
    .onConflict((oc) => oc.column("booking_id").doUpdateSet(values))
    .execute();
  const { clinicId: _, ...assessment } = input;
  return { ...assessment, assessedAt: fromDbInstant(values.assessed_at) };
}

export async function findAssessment(
  db: Executor,
  bookingId: string,
): Promise<SessionAssessment | undefined> {
  const row = await db
    .selectFrom("session_assessment")
    .selectAll()
    .where("booking_id", "=", bookingId)
    .executeTakeFirst();
  return row && toAssessment(row);
}

/** The patient's assessments, oldest first. */
export async function listAssessmentsOfPatient(
  db: Executor,
  patientId: string,
): Promise<SessionAssessment[]> {
  const rows = await db
    .selectFrom("session_assessment")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("assessed_at")
    .execute();
  return rows.map(toAssessment);
}

function toAssessment(row: SessionAssessmentRow): SessionAssessment {
  return {
    bookingId: row.booking_id,
    patientId: row.patient_id,
    concerns: fromDbJson<ConcernAssessment[]>(row.data),
    assessedBy: row.assessed_by,
    assessedAt: fromDbInstant(row.assessed_at),
  };
}
