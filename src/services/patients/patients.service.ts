import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Patient } from "../../domain/clinic/types.js";
import {
  createPatient,
  type PatientProfileChanges,
  searchPatients,
  updatePatientProfile,
} from "../../store/patient.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess, noSuchPatient } from "../access.js";
import { auditPatientData, auditPatientWrite, auditStaffAction } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

export interface PatientQuery {
  /**
   * Part of a name ("First Last" or "Last, First"), an email, or a phone number (its digits,
   * however formatted); all of the clinic's patients when absent or empty.
   */
  q?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * The staff member's clinic's patients by name, optionally filtered. Audited in one row naming
 * every patient the answer showed.
 */
export async function searchClinicPatients(
  deps: ServiceDeps,
  staff: SessionPrincipal,
  query: PatientQuery,
): Promise<Patient[]> {
  const patients = await searchPatients(deps.store.db, { clinicId: staff.clinicId, ...query });
  // The search text may be a name: the audit row records that there was one, not what it was.
  await auditStaffAction(deps.store.db, staff, "patients.search", deps.clock.now().toString(), {
    searched: query.q !== undefined && query.q !== "",
    count: patients.length,
    patientIds: patients.map((p) => p.id),
  });
  return patients;
}

export interface NewClinicPatient {
  name: string;
  email: string | null;
  phone: string | null;
  timeZone: string;
}

/** A patient added by staff (e.g. at the front desk), without an account. Audited with the write. */
export async function createClinicPatient(
  deps: ServiceDeps,
  staff: SessionPrincipal,
  input: NewClinicPatient,
): Promise<Patient> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const patient = await createPatient(trx, { clinicId: staff.clinicId, ...input, createdAt: at });
    await auditStaffAction(trx, staff, "patient.create", at, {}, patient.id);
    return patient;
  });
}

/** A patient's profile, for the patient themself or their clinic's staff (audited). */
export async function getPatientProfile(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<Patient> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  await auditPatientData(deps.store.db, access, "patient.read", deps.clock.now().toString());
  return access.patient;
}

/**
 * Changes a patient's name, phone or time zone, by the patient themself or their clinic's staff.
 * Staff changes are audited with the names of the fields changed, never their values.
 */
export async function changePatientProfile(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  changes: PatientProfileChanges,
): Promise<Patient> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const access = await authorizePatientAccess(trx, principal, patientId);
    const updated = await updatePatientProfile(trx, access.patient.clinicId, access.patient.id, changes);
    if (!updated) throw noSuchPatient();
    await auditPatientWrite(trx, access, "patient.update", at, { fields: Object.keys(changes).sort() });
    return updated;
  });
}
