import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { type AuditEntry, listAuditEntries } from "../../store/audit.repository.js";
import type { ServiceDeps } from "../service-deps.js";

export interface AuditLogQuery {
  patientId?: string | undefined;
  /** Inclusive lower bound (instant). */
  from?: string | undefined;
  /** Exclusive upper bound (instant). */
  to?: string | undefined;
  limit: number;
}

/**
 * Who read or changed which patient's data, newest first, for an admin: only their own clinic's
 * entries, so another clinic's patient ids never show.
 */
export function listClinicAuditLog(
  deps: ServiceDeps,
  admin: SessionPrincipal,
  query: AuditLogQuery,
): Promise<AuditEntry[]> {
  return listAuditEntries(deps.store.db, {
    clinicId: admin.clinicId,
    limit: query.limit,
    ...(query.patientId !== undefined && { patientId: query.patientId }),
    ...(query.from !== undefined && { from: query.from }),
    ...(query.to !== undefined && { to: query.to }),
  });
}
