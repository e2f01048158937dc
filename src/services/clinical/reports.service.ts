import { type SessionPrincipal, STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  alertsReport,
  attendanceReport,
  type GroupBy,
  maintenanceReturnReport,
  type ReportName,
  type ReportTable,
  type ReportWindow,
  recallDue,
  seriesOnTimeReport,
} from "../../domain/clinical/reports.js";
import { DomainError, forbidden } from "../../domain/errors.js";
import { addMonths, dayOfInstant, daysBetween, startOfDay } from "../../domain/time/calendar.js";
import { listAlertsForReports } from "../../store/alert.repository.js";
import { listBookingsForReports } from "../../store/booking.repository.js";
import { findPatientsByIds } from "../../store/patient.repository.js";
import { auditStaffAction } from "../audit.js";
import { loadClinicSetup } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";

/** The longest window a report covers, in days: three years of weeks is still a readable chart. */
export const MAX_REPORT_DAYS = 3 * 366;

export interface ReportRequest {
  name: ReportName;
  /** Clinic days: `from` included, `to` excluded. */
  from: string;
  to: string;
  groupBy: GroupBy;
  /** Only this provider's bookings, by id. */
  provider?: string | undefined;
  /** Only this service's bookings, by code. */
  service?: string | undefined;
}

export interface ClinicReport extends ReportTable {
  report: ReportName;
  from: string;
  to: string;
  groupBy: GroupBy;
  timeZone: string;
}

/**
 * One clinic report, for the clinic's staff. The figures come from the pure functions of
 * `domain/clinical/reports.ts`; this reads the rows (filtered by provider and service) and the
 * protocol's numbers. Audited as a staff read (a recall list names patients).
 */
export async function getClinicReport(
  deps: ServiceDeps,
  staff: SessionPrincipal,
  request: ReportRequest,
): Promise<ClinicReport> {
  if (!STAFF_ROLES.includes(staff.role as (typeof STAFF_ROLES)[number])) throw forbidden();
  const span = daysBetween(request.from, request.to);
  if (span <= 0 || span > MAX_REPORT_DAYS)
    throw new DomainError(
      "invalid_input",
      `The window must run forward and span at most ${MAX_REPORT_DAYS} days.`,
      {
        fields: [{ path: "to", message: `must be after from, at most ${MAX_REPORT_DAYS} days later` }],
      },
    );
  const db = deps.store.db;
  const now = deps.clock.now().toString();
  const setup = await loadClinicSetup(db, staff.clinicId, now, deps.setupCache);
  const zone = setup.clinic.timeZone;
  const protocol = setup.protocol.protocol;
  const today = dayOfInstant(now, zone);
  // Returns are looked for up to 7 months after the window; nothing later matters to any report.
  const before = startOfDay(addMonths(request.to, 8), zone);
  const rows = (await listBookingsForReports(db, staff.clinicId, before)).filter(
    (b) =>
      (request.provider === undefined || b.providerId === request.provider) &&
      (request.service === undefined || b.serviceCode === request.service),
  );
  const window: ReportWindow = {
    fromDay: request.from,
    toDay: request.to,
    groupBy: request.groupBy,
    timeZone: zone,
  };
  let table: ReportTable;
  switch (request.name) {
    case "attendance":
      table = attendanceReport(rows, window);
      break;
    case "series-on-time":
      table = seriesOnTimeReport(rows, window, {
        minDays: protocol.interval.minDays,
        maxDays: protocol.interval.targetMaxDays,
      });
      break;
    case "maintenance-return":
      table = maintenanceReturnReport(rows, window, today);
      break;
    case "alerts": {
      // A provider or service filter keeps the alerts raised on those bookings' check-ins.
      const filtered = request.provider !== undefined || request.service !== undefined;
      const bookingIds = new Set(rows.map((b) => b.id));
      const alerts = await listAlertsForReports(
        db,
        staff.clinicId,
        startOfDay(request.from, zone),
        startOfDay(request.to, zone),
      );
      table = alertsReport(
        alerts.filter((a) => !filtered || bookingIds.has(a.bookingId)),
        window,
      );
      break;
    }
    case "recall-due": {
      const due = recallDue(rows, today, zone, protocol.maintenance.everyMonths);
      const patients = await findPatientsByIds(
        db,
        staff.clinicId,
        due.map((d) => d.patientId),
      );
      const names = new Map(patients.map((p) => [p.id, p.name]));
      table = {
        columns: ["patient_id", "patient_name", "last_session_on", "due_on"],
        rows: due.map((d) => [d.patientId, names.get(d.patientId) ?? "", d.lastSessionOn, d.dueOn]),
      };
      break;
    }
  }
  await auditStaffAction(db, staff, "report.read", now, { report: request.name, rows: table.rows.length });
  return {
    report: request.name,
    from: request.from,
    to: request.to,
    groupBy: request.groupBy,
    timeZone: zone,
    ...table,
  };
}
