import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError, isDomainError } from "../../domain/errors.js";
import { futureDayProblems, type Intake } from "../../domain/protocol/intake.js";
import { removedRestrictions, restrictionCodesOf } from "../../domain/protocol/intake-facts.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { dayOfInstant } from "../../domain/time/calendar.js";
import {
  confirmIntakeVersion as confirmStoredIntake,
  findLastConfirmedIntake,
  findLatestIntake,
  type IntakeVersion,
  saveIntake,
  unconfirmedRemovalsOf,
} from "../../store/intake.repository.js";
import { lockPatientForBooking } from "../../store/patient.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess, type PatientAccess } from "../access.js";
import { auditPatientData, auditPatientWrite } from "../audit.js";
import { loadProtocol } from "../clinic/clinic-context.js";
import type { ServiceDeps } from "../service-deps.js";

export type { IntakeVersion };

/** The patient's latest intake; 404 when none was saved yet. Staff reads are audited. */
export async function getLatestIntake(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<IntakeVersion> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  await auditPatientData(deps.store.db, access, "intake.read", deps.clock.now().toString());
  const intake = await findLatestIntake(deps.store.db, access.patient.id);
  if (!intake) throw new DomainError("not_found", "No intake saved yet.");
  return intake;
}

/**
 * Saves what the patient told the clinic as their next intake version. Things that already
 * happened cannot be dated after today in the patient's zone. Staff writes are audited.
 *
 * A version that removes a hard block or a review reason (against the last confirmed version,
 * under the clinic's current protocol) waits for a provider's confirmation before a treatment
 * can be booked, whoever saved it; a provider's own save is its confirmation.
 */
export async function saveIntakeVersion(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  intake: Intake,
): Promise<IntakeVersion> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  const now = deps.clock.now();
  const fields = futureDayProblems(intake, dayOfInstant(now, access.patient.timeZone), "today");
  if (fields.length > 0) {
    throw new DomainError("invalid_input", "The intake has days in the future.", { fields });
  }
  const protocol = await loadProtocol(deps.store.db, access.patient.clinicId);
  const save = () => saveInOneTransaction(deps, access, protocol, intake, now.toString());
  try {
    return await save();
  } catch (error) {
    // Two saves raced for the same version number: the loser takes the next one, once.
    if (!isDomainError(error) || error.code !== "conflict") throw error;
    return save();
  }
}

function saveInOneTransaction(
  deps: ServiceDeps,
  access: PatientAccess,
  protocol: Protocol,
  intake: Intake,
  at: string,
): Promise<IntakeVersion> {
  return withWriteTransaction(deps.store, async (trx) => {
    // Bookings judge the intake under this lock too: a booking sees the intake before or after.
    await lockPatientForBooking(trx, deps.store.dialect, access.patient.id);
    const confirmed = await findLastConfirmedIntake(trx, access.patient.id);
    const removed = removedRestrictions(protocol, confirmed?.data ?? null, intake);
    const byProvider = access.principal.role === "provider";
    const saved = await saveIntake(trx, access.patient.id, intake, at, {
      removed,
      ...(byProvider && removed.length > 0 && { confirmed: { by: access.principal.accountId, at } }),
    });
    await auditPatientWrite(trx, access, "intake.write", at, {
      version: saved.version,
      ...(removed.length > 0 && { removed, confirmed: byProvider }),
    });
    return saved;
  });
}

/**
 * A provider confirms an intake version that removed hard blocks or review reasons, so
 * treatments can be booked again. Only the latest version can be confirmed (a provider confirms
 * what the patient's record says now); the audit keeps the codes before and after.
 */
export async function confirmIntakeVersion(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  version: number,
): Promise<IntakeVersion> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId, ["provider"]);
  const protocol = await loadProtocol(deps.store.db, access.patient.clinicId);
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    await lockPatientForBooking(trx, deps.store.dialect, access.patient.id);
    const latest = await findLatestIntake(trx, access.patient.id);
    if (!latest) throw new DomainError("not_found", "No intake saved yet.");
    if (latest.version !== version) {
      throw new DomainError(
        "conflict",
        `Version ${version} is not the patient's latest intake (version ${latest.version}); review that one.`,
        { latestVersion: latest.version },
      );
    }
    if (unconfirmedRemovalsOf(latest).length === 0) {
      throw new DomainError(
        "invalid_state",
        `Intake version ${version} has no change awaiting confirmation.`,
      );
    }
    const before = await findLastConfirmedIntake(trx, access.patient.id);
    const confirmed = await confirmStoredIntake(trx, access.patient.id, version, {
      by: principal.accountId,
      at,
    });
    if (!confirmed) {
      throw new DomainError(
        "invalid_state",
        `Intake version ${version} has no change awaiting confirmation.`,
      );
    }
    await auditPatientWrite(trx, access, "intake.confirm", at, {
      version,
      removed: confirmed.removed,
      before: before ? restrictionCodesOf(protocol, before.data) : [],
      after: restrictionCodesOf(protocol, confirmed.data),
    });
    return confirmed;
  });
}
