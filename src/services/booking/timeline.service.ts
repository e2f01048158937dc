import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { buildTimeline, type TimelineEntry } from "../../domain/booking/timeline.js";
import type { Patient } from "../../domain/clinic/types.js";
import type { DialectName } from "../../store/database.js";
import { readTimelineRecordRows } from "../../store/patient-records.repository.js";
import type { Executor } from "../../store/schema.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData } from "../audit.js";
import { getPatientOrFail } from "../clinic/clinic-context.js";
import { type ClinicSetup, loadClinicSetup } from "../clinic/clinic-setup.js";
import { routineProductsOf } from "../patients/routine.service.js";
import type { ServiceDeps } from "../service-deps.js";

export interface Timeline {
  timeZone: string;
  entries: TimelineEntry[];
}

/** The patient's course as they live it: everything dated in their own zone. */
export async function getPatientTimeline(
  deps: ServiceDeps,
  clinicId: string,
  patientId: string,
): Promise<Timeline> {
  const db = deps.store.db;
  const now = deps.clock.now().toString();
  const setup = await loadClinicSetup(db, clinicId, now, deps.setupCache);
  const patient = await getPatientOrFail(db, setup.clinic.id, patientId);
  return {
    timeZone: patient.timeZone,
    entries: await timelineEntries(db, deps.store.dialect, setup, patient, now),
  };
}

/**
 * The timeline's entries from a clinic setup the caller has loaded, read through `db` (a
 * transaction when the caller is inside one: on SQLite the store has a single connection).
 */
export async function timelineEntries(
  db: Executor,
  dialect: DialectName,
  setup: ClinicSetup,
  patient: Pick<Patient, "id" | "timeZone">,
  now: string,
): Promise<TimelineEntry[]> {
  const protocol = setup.protocol.protocol;
  const { latestIntake, overrides, bookings, routine, catalog } = await readTimelineRecordRows(
    db,
    dialect,
    patient.id,
    setup.clinic.id,
  );
  const serviceById = new Map(setup.services.map((s) => [s.id, s]));
  return buildTimeline({
    protocol,
    intake: latestIntake?.data ?? null,
    overrides,
    clinicTimeZone: setup.clinic.timeZone,
    patientTimeZone: patient.timeZone,
    now,
    routine: routineProductsOf(protocol, routine, catalog),
    sessions: bookings.map((b) => {
      const service = serviceById.get(b.serviceId);
      return {
        bookingId: b.id,
        serviceCode: service?.code ?? "unknown",
        addOn: service?.addOn ?? null,
        isTreatment: service?.isTreatment ?? false,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
        status: b.status,
        seriesNumber: b.seriesNumber,
      };
    }),
  });
}

/** The timeline for a signed-in caller who may reach the patient; a staff read is audited. */
export async function getPatientTimelineAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<Timeline> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  await auditPatientData(deps.store.db, access, "timeline.read", deps.clock.now().toString());
  return getPatientTimeline(deps, access.patient.clinicId, access.patient.id);
}
