import { randomUUID } from "node:crypto";
import type { ChangedField, SessionChart } from "../domain/clinical/chart.js";
import { fromDbInstant, fromDbInstantOrNull, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { ChartAmendmentRow, Executor, SessionChartRow } from "./schema.js";

export interface StoredChart {
  bookingId: string;
  clinicId: string;
  patientId: string;
  chart: SessionChart;
  updatedBy: string;
  updatedAt: string;
  /** The provider's account id and when they signed; null while a draft. */
  signedBy: string | null;
  signedAt: string | null;
}

export interface ChartAmendment {
  id: string;
  bookingId: string;
  authorId: string;
  /** The author's name when they amended (a later rename does not rewrite the record). */
  authorName: string;
  at: string;
  reason: string;
  changes: ChangedField[];
}

export async function findChart(db: Executor, bookingId: string): Promise<StoredChart | undefined> {
  const row = await db
    .selectFrom("session_chart")
    .selectAll()
    .where("booking_id", "=", bookingId)
    .executeTakeFirst();
  return row && toChart(row);
}

/**
 * Writes the chart of a session while it is a draft: inserts it, or replaces a draft. False when
 * the chart is already signed (the write changed nothing), also when a signature raced this write.
 */
export async function saveDraftChart(
  db: Executor,
  input: Omit<StoredChart, "signedBy" | "signedAt">,
): Promise<boolean> {
  const values = {
    data: toDbJson(input.chart),
    updated_by: input.updatedBy,
    updated_at: toDbInstant(input.updatedAt),
  };
  const result = await db
    .insertInto("session_chart")
    .values({
      booking_id: input.bookingId,
      clinic_id: input.clinicId,
      patient_id: input.patientId,
      signed_by: null,
      signed_at: null,
      ...values,
    })
    .onConflict((oc) =>
      oc.column("booking_id").doUpdateSet(values).where("session_chart.signed_at", "is", null),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Signs a draft; false when there is no draft to sign (none, or already signed). */
export async function signChart(
  db: Executor,
  bookingId: string,
  signedBy: string,
  signedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable("session_chart")
    .set({ signed_by: signedBy, signed_at: toDbInstant(signedAt) })
    .where("booking_id", "=", bookingId)
    .where("signed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Replaces a signed chart's content with its amended form; the amendment row says what and why. */
export async function replaceSignedChart(
  db: Executor,
  bookingId: string,
  chart: SessionChart,
): Promise<void> {
  await db
    .updateTable("session_chart")
    .set({ data: toDbJson(chart) })
    .where("booking_id", "=", bookingId)
    .where("signed_at", "is not", null)
    .execute();
}

export async function insertAmendment(
  db: Executor,
  input: Omit<ChartAmendment, "id">,
): Promise<ChartAmendment> {
  const id = randomUUID();
  await db
    .insertInto("chart_amendment")
    .values({
      id,
      booking_id: input.bookingId,
      author_id: input.authorId,
      author_name: input.authorName,
      at: toDbInstant(input.at),
      reason: input.reason,
      changes: toDbJson(input.changes),
    })
    .execute();
  return { id, ...input, at: fromDbInstant(toDbInstant(input.at)) };
}

/** A chart's amendments, oldest first. */
export async function listAmendments(db: Executor, bookingId: string): Promise<ChartAmendment[]> {
  const rows = await db
    .selectFrom("chart_amendment")
    .selectAll()
    .where("booking_id", "=", bookingId)
    .orderBy("at")
    .orderBy("id")
    .execute();
  return rows.map(toAmendment);
}

/**
 * The patient's most recent charted session before `startsAt` (by appointment time), other than
 * `exceptBookingId`: its parameters are the usual starting point for the next session.
 */
export async function findPreviousChart(
  db: Executor,
  patientId: string,
  startsAt: string,
  exceptBookingId: string,
): Promise<(StoredChart & { startsAt: string }) | undefined> {
  const row = await db
    .selectFrom("session_chart")
    .innerJoin("booking", "booking.id", "session_chart.booking_id")
    .selectAll("session_chart")
    .select("booking.starts_at")
    .where("session_chart.patient_id", "=", patientId)
    .where("booking.starts_at", "<", toDbInstant(startsAt))
    .where("session_chart.booking_id", "!=", exceptBookingId)
    .orderBy("booking.starts_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && { ...toChart(row), startsAt: fromDbInstant(row.starts_at) };
}

/** Every chart of a patient, by appointment time: what the FHIR export lists as procedures. */
export async function listChartsOfPatient(db: Executor, patientId: string): Promise<StoredChart[]> {
  const rows = await db
    .selectFrom("session_chart")
    .innerJoin("booking", "booking.id", "session_chart.booking_id")
    .selectAll("session_chart")
    .where("session_chart.patient_id", "=", patientId)
    .orderBy("booking.starts_at")
    .execute();
  return rows.map(toChart);
}

function toChart(row: SessionChartRow): StoredChart {
  return {
    bookingId: row.booking_id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    chart: fromDbJson<SessionChart>(row.data),
    updatedBy: row.updated_by,
    updatedAt: fromDbInstant(row.updated_at),
    signedBy: row.signed_by,
    signedAt: fromDbInstantOrNull(row.signed_at),
  };
}

function toAmendment(row: ChartAmendmentRow): ChartAmendment {
  return {
    id: row.id,
    bookingId: row.booking_id,
    authorId: row.author_id,
    authorName: row.author_name,
    at: fromDbInstant(row.at),
    reason: row.reason,
    changes: fromDbJson<ChangedField[]>(row.changes),
  };
}
