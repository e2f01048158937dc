import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import {
  attentionProblems,
  byUrgency,
  consentProblems,
  type ReadinessProblem,
  sessionProblems,
} from "../../domain/booking/readiness.js";
import { consentStanding, requiredConsentKinds } from "../../domain/clinical/consent.js";
import { addDays, dayOfInstant, startOfDay } from "../../domain/time/calendar.js";
import { listBookingsInWindow } from "../../store/booking.repository.js";
import { listCurrentConsentTemplates, listSignedConsentsOf } from "../../store/consent.repository.js";
import { findPatientsByIds } from "../../store/patient.repository.js";
import { auditStaffAction } from "../audit.js";
import { loadClinicSetup, serviceById } from "../clinic/clinic-setup.js";
import { versionsOf } from "../clinical/consent.service.js";
import type { ServiceDeps } from "../service-deps.js";
import { wallClockOf } from "./calendar.service.js";
import { judgeRecords, nearWindow, type PatientRecords, readPatientRecords } from "./patient-context.js";

export interface ReadinessItem {
  bookingId: string;
  patientId: string;
  patientName: string;
  /** The service's code, as requests name it. */
  service: string;
  providerId: string;
  startsAt: string;
  /** The same instant on the clinic's wall clock, with its UTC offset. */
  localStartsAt: string;
  problems: ReadinessProblem[];
}

export interface ReadinessBoard {
  timeZone: string;
  /** The window: from now to the end of the last clinic day shown. */
  from: string;
  to: string;
  items: ReadinessItem[];
}

/**
 * Every live booking from now to the end of the `days`-th clinic day (today counts as the first)
 * with what stands in its way, most urgent first (see `byUrgency`). Each patient's records are
 * read once, and the protocol judges each booking of theirs as a move would: without itself
 * among their other sessions. With `onlyProblems`, bookings with nothing in their way are left
 * out. A treatment whose consent forms the patient has not signed (or signed in an older version)
 * says so. Audited in one row naming every patient the board showed.
 */
export async function getReadinessBoardAs(
  deps: ServiceDeps,
  staff: SessionPrincipal,
  query: { days: number; onlyProblems: boolean },
): Promise<ReadinessBoard> {
  const db = deps.store.db;
  const now = deps.clock.now().toString();
  const setup = await loadClinicSetup(db, staff.clinicId, now, deps.setupCache);
  const { clinic, services } = setup;
  const protocol = setup.protocol.protocol;
  const zone = clinic.timeZone;
  const window = { from: now, to: startOfDay(addDays(dayOfInstant(now, zone), query.days), zone) };
  const bookings = (
    await listBookingsInWindow(db, clinic.id, window.from, window.to, { statuses: ["booked"] })
  )
    // Sessions already under way are the room's business, not the board's.
    .filter((b) => b.startsAt >= now);

  const patientIds = [...new Set(bookings.map((b) => b.patientId))];
  const near = nearWindow(protocol, zone, window);
  const records = new Map<string, PatientRecords>();
  for (const patientId of patientIds)
    records.set(patientId, await readPatientRecords(db, deps.store.dialect, patientId, near));
  const patients = await findPatientsByIds(db, clinic.id, patientIds);
  const names = new Map(patients.map((p) => [p.id, p.name]));
  const consentVersions = versionsOf(await listCurrentConsentTemplates(db, clinic.id));
  const signatures = await listSignedConsentsOf(db, patientIds);

  const items: ReadinessItem[] = [];
  for (const booking of bookings) {
    const service = serviceById(setup, booking.serviceId);
    const patientRecords = records.get(booking.patientId);
    if (!patientRecords) continue;
    const gating = service.isTreatment
      ? judgeRecords(patientRecords, {
          clinic,
          protocol,
          service,
          services,
          now,
          excludeBookingIds: [booking.id],
        }).gating
      : null;
    const problems = [
      ...sessionProblems({
        startsAt: booking.startsAt,
        gating,
        hasAcceptedPlan: patientRecords.hasAcceptedPlan,
      }),
      ...consentProblems(
        consentStanding(
          requiredConsentKinds(service),
          consentVersions,
          signatures.get(booking.patientId) ?? [],
        ),
      ),
      ...attentionProblems(booking),
    ];
    if (query.onlyProblems && problems.length === 0) continue;
    items.push({
      bookingId: booking.id,
      patientId: booking.patientId,
      patientName: names.get(booking.patientId) ?? "",
      service: service.code,
      providerId: booking.providerId,
      startsAt: booking.startsAt,
      localStartsAt: wallClockOf(booking.startsAt, zone),
      problems,
    });
  }
  items.sort(byUrgency);
  await auditStaffAction(db, staff, "readiness.read", now, {
    days: query.days,
    patientIds: [...new Set(items.map((i) => i.patientId))].sort(),
  });
  return { timeZone: zone, ...window, items };
}
