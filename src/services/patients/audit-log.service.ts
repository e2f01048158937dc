import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { type AuditEntry, listAuditEntries } from "../../store/audit.repository.js";
import { auditStaffAction } from "../audit.js";
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
 * entries, so another clinic's patient ids never show. Reading the log is itself audited, in one
 * row (written after the read, so it is not in its own answer) with the filters and the patients
 * the answer named; a read filtered by patient carries that patient, so it shows in their trail.
 */
export async function listClinicAuditLog(
  deps: ServiceDeps,
  admin: SessionPrincipal,
  query: AuditLogQuery,
): Promise<AuditEntry[]> {
  const entries = await listAuditEntries(deps.store.db, {
    clinicId: admin.clinicId,
    limit: query.limit,
    ...(query.patientId !== undefined && { patientId: query.patientId }),
    ...(query.from !== undefined && { from: query.from }),
    ...(query.to !== undefined && { to: query.to }),
  });
  const shown = new Set<string>();
  for (const entry of entries) if (entry.patientId !== null) shown.add(entry.patientId);
  await auditStaffAction(
    deps.store.db,
    admin,
    "audit.read",
    deps.clock.now().toString(),
    {
      ...(query.from !== undefined && { from: query.from }),
      ...(query.to !== undefined && { to: query.to }),
      count: entries.length,
      patientIds: [...shown].sort(),
    },
    query.patientId ?? null,
  );
  return entries;
}
