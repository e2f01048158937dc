import type { FastifyRequest } from "fastify";
import { ALL_ROLES, isStaff, type Role, type SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Clinic, Patient } from "../../domain/clinic/types.js";
import { forbidden, unauthenticated } from "../../domain/errors.js";
import { noSuchClinic, noSuchPatient } from "../../services/access.js";
import { findClinicById } from "../../store/clinic.repository.js";
import { findPatientById } from "../../store/patient.repository.js";
import type { AppContext } from "../deps.js";

export { ALL_ROLES, isStaff, type Role, STAFF_ROLES } from "../../domain/accounts/principal.js";
export { noSuchClinic, noSuchPatient } from "../../services/access.js";

/** 401 unless someone is signed in. */
export function requireSignedIn(request: FastifyRequest): SessionPrincipal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

/** 401 when anonymous, 403 when the role is not among `roles`. */
export function requireRole(request: FastifyRequest, roles: readonly Role[]): SessionPrincipal {
  const principal = requireSignedIn(request);
  if (!roles.includes(principal.role)) throw forbidden();
  return principal;
}

/**
 * For `/clinics/{slug}/…` routes: 401 when anonymous; 404 for another clinic's slug (as for an
 * unknown one); 403 for the right clinic but the wrong role. Needs nothing but the principal.
 */
export function requireClinicRole(
  request: FastifyRequest,
  slug: string,
  roles: readonly Role[],
): SessionPrincipal {
  const principal = requireSignedIn(request);
  if (principal.clinicSlug !== slug) throw noSuchClinic();
  if (!roles.includes(principal.role)) throw forbidden();
  return principal;
}

/**
 * LEGACY, being replaced by `requireClinicRole` plus the service's own clinic read.
 * For `/clinics/{slug}/…` routes that need a sign-in: 401 when anonymous; 404 for another
 * clinic's slug (as for an unknown one); 403 for the right clinic but the wrong role.
 */
export async function legacyRequireClinicRole(
  request: FastifyRequest,
  ctx: AppContext,
  slug: string,
  roles: readonly Role[],
): Promise<{ principal: SessionPrincipal; clinic: Clinic }> {
  const principal = requireSignedIn(request);
  if (principal.clinicSlug !== slug) throw noSuchClinic();
  if (!roles.includes(principal.role)) throw forbidden();
  const clinic = await findClinicById(ctx.store.db, principal.clinicId);
  if (!clinic) throw noSuchClinic();
  return { principal, clinic };
}

export interface PatientAccess {
  principal: SessionPrincipal;
  patient: Patient;
  /** True for staff; their reads and writes are audited. */
  byStaff: boolean;
}

/**
 * LEGACY, being replaced by `authorizePatientAccess` in src/services/access.ts.
 * For `/patients/{id}/…` routes: a patient reaches only their own record, staff only their
 * clinic's; anything else is the same 404 as a missing patient. Then 403 when the role may not
 * do this to a record it can see (checked second, so it never confirms a foreign id exists).
 */
export async function legacyAuthorizePatientAccess(
  request: FastifyRequest,
  ctx: AppContext,
  patientId: string,
  roles: readonly Role[] = ALL_ROLES,
): Promise<PatientAccess> {
  const principal = requireSignedIn(request);
  if (principal.role === "patient" && principal.patientId !== patientId) throw noSuchPatient();
  const patient = await findPatientById(ctx.store.db, principal.clinicId, patientId);
  if (!patient) throw noSuchPatient();
  if (!roles.includes(principal.role)) throw forbidden();
  return { principal, patient, byStaff: isStaff(principal) };
}
