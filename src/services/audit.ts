import type { SessionPrincipal } from "../domain/accounts/principal.js";
import { type AuditTarget, appendAuditEntry } from "../store/audit.repository.js";
import type { Executor } from "../store/schema.js";
import type { PatientAccess } from "./access.js";
import type { PatientWrite } from "./service-deps.js";

export type { AuditTarget } from "../store/audit.repository.js";

/**
 * The audit trail. Every row names the actor by id and, as they were at that moment, by name and
 * role (a later rename does not rewrite history); the action; what it was about (the target);
 * and the reason the actor gave, where one was asked for. Call these with the transaction of the
 * write, so the row exists exactly when the change does, or with `store.db` for a read. `detail`
 * holds ids and counts only, never patient data.
 *
 * What is audited:
 * - every staff read or write of patient data (`auditPatientData`, `auditStaffAction`);
 * - a patient's own writes (`auditPatientWrite`, and booking writes through `recordWrite`), not
 *   their reads of their own record;
 * - every change to a clinic's setup and profile, and to staff accounts (`auditSetupChange`).
 */
export interface AuditFacts {
  /** What the action was about; for patient data, the patient unless said otherwise. */
  target?: AuditTarget | null | undefined;
  reason?: string | null | undefined;
}

/** A staff read or write of one patient's data; a patient's own reads are not audited. */
export async function auditPatientData(
  db: Executor,
  access: PatientAccess,
  action: string,
  at: string,
  detail: Record<string, unknown> = {},
  facts: AuditFacts = {},
): Promise<void> {
  if (!access.byStaff) return;
  await auditPatientWrite(db, access, action, at, detail, facts);
}

/** A write to one patient's data, by staff or by the patient themself: both are audited. */
export async function auditPatientWrite(
  db: Executor,
  access: PatientAccess,
  action: string,
  at: string,
  detail: Record<string, unknown> = {},
  facts: AuditFacts = {},
): Promise<void> {
  await auditAction(db, access.principal, action, at, {
    patientId: access.patient.id,
    detail,
    target: facts.target ?? { type: "patient", id: access.patient.id },
    reason: facts.reason ?? null,
  });
}

/** A staff read or write that touches many patients at once (a list, a search), or none. */
export async function auditStaffAction(
  db: Executor,
  principal: SessionPrincipal,
  action: string,
  at: string,
  detail: Record<string, unknown> = {},
  patientId: string | null = null,
  facts: AuditFacts = {},
): Promise<void> {
  await auditAction(db, principal, action, at, { patientId, detail, ...facts });
}

/**
 * A change to the clinic's setup (protocol, rooms, devices, services, providers, hours, time
 * off), its profile, or a staff account, by an admin. Call it in the change's transaction.
 */
export async function auditSetupChange(
  db: Executor,
  principal: SessionPrincipal,
  action: string,
  at: string,
  target: AuditTarget,
  detail: Record<string, unknown> = {},
  reason: string | null = null,
): Promise<void> {
  await auditAction(db, principal, action, at, { patientId: null, detail, target, reason });
}

/**
 * A booking write reported through `ServiceDeps.recordWrite`, by whoever made it: staff, or the
 * patient themself. Its target is the booking (or series) it names, else the patient.
 */
export async function auditRecordedWrite(
  db: Executor,
  principal: SessionPrincipal,
  write: PatientWrite,
  at: string,
): Promise<void> {
  await auditAction(db, principal, write.action, at, {
    patientId: write.patientId,
    detail: write.detail,
    target: write.target ?? targetOfWrite(write),
    reason: write.reason ?? null,
  });
}

function targetOfWrite(write: PatientWrite): AuditTarget {
  const { bookingId, seriesId, waitlistEntryId } = write.detail;
  if (typeof bookingId === "string") return { type: "booking", id: bookingId };
  if (typeof seriesId === "string") return { type: "series", id: seriesId };
  if (typeof waitlistEntryId === "string") return { type: "waitlist_entry", id: waitlistEntryId };
  return { type: "patient", id: write.patientId };
}

async function auditAction(
  db: Executor,
  principal: SessionPrincipal,
  action: string,
  at: string,
  facts: AuditFacts & { patientId: string | null; detail: Record<string, unknown> },
): Promise<void> {
  await appendAuditEntry(db, {
    at,
    actorId: principal.accountId,
    actorName: principal.name,
    actorRole: principal.role,
    clinicId: principal.clinicId,
    patientId: facts.patientId,
    action,
    target: facts.target ?? null,
    reason: facts.reason ?? null,
    detail: facts.detail,
  });
}

/** Who the audit trail names for a change made on the server's command line, not by an account. */
export const COMMAND_LINE_ACTOR = { name: "command line", role: "operator" } as const;

/** A change made on the server's command line (creating a clinic): there is no account to name. */
export async function auditCommandLineChange(
  db: Executor,
  clinicId: string,
  action: string,
  at: string,
  target: AuditTarget,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await appendAuditEntry(db, {
    at,
    actorId: null,
    actorName: COMMAND_LINE_ACTOR.name,
    actorRole: COMMAND_LINE_ACTOR.role,
    clinicId,
    patientId: null,
    action,
    target,
    reason: null,
    detail,
  });
}
