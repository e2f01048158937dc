import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError, isDomainError } from "../../domain/errors.js";
import { futureDayProblems, type Intake } from "../../domain/protocol/intake.js";
import { dayOfInstant } from "../../domain/time/calendar.js";
import { findLatestIntake, type IntakeVersion, saveIntake } from "../../store/intake.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess, type PatientAccess } from "../access.js";
import { auditPatientData } from "../audit.js";
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
  const save = () => saveInOneTransaction(deps, access, intake, now.toString());
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
  intake: Intake,
  at: string,
): Promise<IntakeVersion> {
  return withWriteTransaction(deps.store, async (trx) => {
    const saved = await saveIntake(trx, access.patient.id, intake, at);
    await auditPatientData(trx, access, "intake.write", at, { version: saved.version });
    return saved;
  });
}
