import type { SessionPrincipal } from "../domain/accounts/principal.js";
import { appendAuditEntry } from "../store/audit.repository.js";
import type { Executor } from "../store/schema.js";
import type { PatientAccess } from "./access.js";

/**
 * Every staff read or write of patient data leaves an audit row. Call it with the transaction
 * of the write (so the row exists exactly when the change does), or with `store.db` for a read.
 * Patients acting on their own record are not audited. `detail` holds ids and counts only.
 */
export async function auditPatientData(
  db: Executor,
  access: PatientAccess,
  action: string,
  at: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  if (!access.byStaff) return;
  await appendAuditEntry(db, {
    at,
    actorId: access.principal.accountId,
    clinicId: access.patient.clinicId,
    patientId: access.patient.id,
    action,
    detail,
  });
}

/** A staff read or write that touches many patients at once (a list, a search). */
export async function auditStaffAction(
  db: Executor,
  principal: SessionPrincipal,
  action: string,
  at: string,
  detail: Record<string, unknown> = {},
  patientId: string | null = null,
): Promise<void> {
  await appendAuditEntry(db, {
    at,
    actorId: principal.accountId,
    clinicId: principal.clinicId,
    patientId,
    action,
    detail,
  });
}
