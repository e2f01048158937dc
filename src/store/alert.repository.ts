import { randomUUID } from "node:crypto";
import type { AlertSeverity, CheckInDay } from "../domain/checkins/check-in.js";
import { fromDbInstant, fromDbInstantOrNull, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { AlertRow, Executor } from "./schema.js";

export interface Alert {
  id: string;
  clinicId: string;
  patientId: string;
  bookingId: string;
  checkInDay: CheckInDay;
  /** The protocol's red-flag codes the answers showed. */
  codes: string[];
  severity: AlertSeverity;
  summary: string;
  raisedAt: string;
  /** Who first took the alert up, and when; null while it is open. */
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
}

export type NewAlert = Omit<Alert, "id" | "acknowledgedAt" | "acknowledgedBy" | "acknowledgedByName">;

/** An alert with the name of its patient, for the clinic's inbox. */
export interface InboxAlert extends Alert {
  patientName: string;
}

export async function insertAlert(db: Executor, input: NewAlert): Promise<Alert> {
  const row: AlertRow = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    patient_id: input.patientId,
    booking_id: input.bookingId,
    check_in_day: input.checkInDay,
    codes: toDbJson(input.codes),
    severity: input.severity,
    summary: input.summary,
    raised_at: toDbInstant(input.raisedAt),
    acknowledged_at: null,
    acknowledged_by: null,
    acknowledged_by_name: null,
  };
  await db.insertInto("alert").values(row).execute();
  return toAlert(row);
}

/**
 * The clinic's alerts, newest first, with their patients' names: only the open ones, or all.
 * Reads one more than `limit`, so the caller knows whether another page follows.
 */
export async function listClinicAlerts(
  db: Executor,
  clinicId: string,
  options: { openOnly: boolean; limit: number; offset: number },
): Promise<{ alerts: InboxAlert[]; more: boolean }> {
  let query = db
    .selectFrom("alert")
    .innerJoin("patient", "patient.id", "alert.patient_id")
    .selectAll("alert")
    .select("patient.name as patient_name")
    .where("alert.clinic_id", "=", clinicId);
  if (options.openOnly) query = query.where("alert.acknowledged_at", "is", null);
  const rows = await query
    .orderBy("alert.raised_at", "desc")
    .orderBy("alert.id")
    .limit(options.limit + 1)
    .offset(options.offset)
    .execute();
  return {
    alerts: rows.slice(0, options.limit).map((row) => ({ ...toAlert(row), patientName: row.patient_name })),
    more: rows.length > options.limit,
  };
}

/** A clinic's alerts raised in `[from, to)` (instants), oldest first, for the reports. */
export async function listAlertsForReports(
  db: Executor,
  clinicId: string,
  from: string,
  to: string,
): Promise<Alert[]> {
  const rows = await db
    .selectFrom("alert")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("raised_at", ">=", toDbInstant(from))
    .where("raised_at", "<", toDbInstant(to))
    .orderBy("raised_at")
    .orderBy("id")
    .execute();
  return rows.map(toAlert);
}

/** One patient's alerts, newest first. */
export async function listPatientAlerts(db: Executor, clinicId: string, patientId: string): Promise<Alert[]> {
  const rows = await db
    .selectFrom("alert")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("patient_id", "=", patientId)
    .orderBy("raised_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map(toAlert);
}

export async function findAlertById(db: Executor, clinicId: string, id: string): Promise<Alert | undefined> {
  const row = await db
    .selectFrom("alert")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toAlert(row);
}

/**
 * Records who first took the alert up. Only the first acknowledgement counts (it is the clinic's
 * response time); false when the alert was already acknowledged.
 */
export async function acknowledgeAlert(
  db: Executor,
  clinicId: string,
  id: string,
  by: { at: string; accountId: string; name: string },
): Promise<boolean> {
  const result = await db
    .updateTable("alert")
    .set({
      acknowledged_at: toDbInstant(by.at),
      acknowledged_by: by.accountId,
      acknowledged_by_name: by.name,
    })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .where("acknowledged_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    bookingId: row.booking_id,
    checkInDay: Number(row.check_in_day) as CheckInDay,
    codes: fromDbJson<string[]>(row.codes),
    severity: row.severity as AlertSeverity,
    summary: row.summary,
    raisedAt: fromDbInstant(row.raised_at),
    acknowledgedAt: fromDbInstantOrNull(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    acknowledgedByName: row.acknowledged_by_name,
  };
}
