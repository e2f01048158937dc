import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import { minutesBetween } from "../../domain/time/instants.js";
import {
  type Alert,
  acknowledgeAlert,
  findAlertById,
  type InboxAlert,
  listClinicAlerts,
  listPatientAlerts,
} from "../../store/alert.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData, auditStaffAction } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

/** An alert as staff read it: with how long the clinic took to take it up. */
export type AlertView<A extends Alert = Alert> = A & {
  /** Whole minutes from raised to first acknowledged; null while open. */
  responseMinutes: number | null;
};

function viewAlert<A extends Alert>(alert: A): AlertView<A> {
  return {
    ...alert,
    responseMinutes:
      alert.acknowledgedAt === null ? null : Math.floor(minutesBetween(alert.raisedAt, alert.acknowledgedAt)),
  };
}

/** Alerts call for a clinician: providers and admins read and acknowledge them. */
export const ALERT_ROLES = ["provider", "admin"] as const;

export interface AlertPage {
  alerts: AlertView<InboxAlert>[];
  /** The offset of the next page, or null on the last one. */
  nextOffset: number | null;
}

/**
 * The clinic's alerts inbox, newest first: the open ones, or all. The route has checked that the
 * principal is a provider or admin of the clinic; the read names patients, so it is audited.
 */
export async function listClinicAlertsAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  query: { status: "open" | "all"; limit: number; offset: number },
): Promise<AlertPage> {
  const db = deps.store.db;
  const { alerts, more } = await listClinicAlerts(db, principal.clinicId, {
    openOnly: query.status === "open",
    limit: query.limit,
    offset: query.offset,
  });
  await auditStaffAction(db, principal, "alerts.list", deps.clock.now().toString(), {
    status: query.status,
    count: alerts.length,
  });
  return { alerts: alerts.map(viewAlert), nextOffset: more ? query.offset + alerts.length : null };
}

/**
 * Records that the principal took the alert up. Only the first acknowledgement is kept (it is the
 * clinic's response time); acknowledging again answers the alert as it stands.
 */
export async function acknowledgeAlertAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  alertId: string,
): Promise<AlertView> {
  const now = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const alert = await findAlertById(trx, principal.clinicId, alertId);
    if (!alert) throw new DomainError("not_found", "No such alert.");
    const first = await acknowledgeAlert(trx, principal.clinicId, alert.id, {
      at: now,
      accountId: principal.accountId,
      name: principal.name,
    });
    // Someone was first (perhaps a moment ago, in a transaction that committed since the read).
    if (!first) return viewAlert((await findAlertById(trx, principal.clinicId, alert.id)) ?? alert);
    await auditStaffAction(trx, principal, "alert.acknowledge", now, { alertId: alert.id }, alert.patientId, {
      target: { type: "alert", id: alert.id },
    });
    return viewAlert({
      ...alert,
      acknowledgedAt: now,
      acknowledgedBy: principal.accountId,
      acknowledgedByName: principal.name,
    });
  });
}

/** A patient's alerts on their chart, newest first (providers and admins; audited). */
export async function listPatientAlertsAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<AlertView[]> {
  const db = deps.store.db;
  const access = await authorizePatientAccess(db, principal, patientId, ALERT_ROLES);
  await auditPatientData(db, access, "alerts.read", deps.clock.now().toString());
  return (await listPatientAlerts(db, access.patient.clinicId, access.patient.id)).map(viewAlert);
}
