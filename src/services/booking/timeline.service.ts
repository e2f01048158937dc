import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { buildTimeline, type TimelineEntry } from "../../domain/booking/timeline.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { findLatestIntake } from "../../store/intake.repository.js";
import { findAcceptedOverrides } from "../../store/plan.repository.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData } from "../audit.js";
import { getPatientOrFail } from "../clinic/clinic-context.js";
import { loadClinicSetup } from "../clinic/clinic-setup.js";
import { loadRoutineProducts } from "../patients/routine.service.js";
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
  const setup = await loadClinicSetup(db, clinicId, deps.clock.now().toString(), deps.setupCache);
  const { clinic, services } = setup;
  const protocol = setup.protocol.protocol;
  const patient = await getPatientOrFail(db, clinic.id, patientId);
  const [intake, overrides, bookings, routine] = await Promise.all([
    findLatestIntake(db, patient.id),
    findAcceptedOverrides(db, patient.id),
    listBookingsByPatient(db, patient.id),
    loadRoutineProducts(db, protocol, patient.id, clinic.id),
  ]);
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const entries = buildTimeline({
    protocol,
    intake: intake?.data ?? null,
    overrides,
    clinicTimeZone: clinic.timeZone,
    patientTimeZone: patient.timeZone,
    now: deps.clock.now().toString(),
    routine: routine.products,
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
  return { timeZone: patient.timeZone, entries };
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
