import type { Bundle, Observation } from "@medplum/fhirtypes";
import { type SessionPrincipal, STAFF_ROLES } from "../../domain/accounts/principal.js";
import type { Plan } from "../../domain/protocol/plan.js";
import { listAssessmentsOfPatient } from "../../store/assessment.repository.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { listChartsOfPatient } from "../../store/chart.repository.js";
import { listCheckInsOfPatient } from "../../store/check-in.repository.js";
import { listSignedConsents } from "../../store/consent.repository.js";
import { findLatestIntake } from "../../store/intake.repository.js";
import { listPhotos } from "../../store/photo.repository.js";
import { listPlansByPatient } from "../../store/plan.repository.js";
import { listProviders } from "../../store/provider.repository.js";
import type { Executor } from "../../store/schema.js";
import { listServices } from "../../store/service.repository.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";
import { assessmentObservations, buildEverythingBundle, checkInObservations } from "./fhir-bundle.js";

/**
 * FHIR `Patient/$everything` for staff of the patient's clinic: the whole record as one searchset
 * Bundle. Audited like any staff read of patient data, naming the export.
 */
export async function exportPatientEverything(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<Bundle> {
  const db = deps.store.db;
  const access = await authorizePatientAccess(db, principal, patientId, STAFF_ROLES);
  const { patient } = access;
  const [bookings, services, providers, plans, charts, intake, consents, photos, observations] =
    await Promise.all([
      listBookingsByPatient(db, patient.id),
      listServices(db, patient.clinicId),
      listProviders(db, patient.clinicId),
      listPlansByPatient(db, patient.id),
      listChartsOfPatient(db, patient.id),
      findLatestIntake(db, patient.id),
      listSignedConsents(db, patient.id),
      listPhotos(db, patient.id),
      observationsOf(db, patient.id),
    ]);
  const accepted = plans.find((p) => p.status === "accepted");
  const at = deps.clock.now().toString();
  await auditPatientData(db, access, "fhir.export", at, { resources: "everything" });
  return buildEverythingBundle(
    {
      patient,
      bookings,
      services,
      providers,
      acceptedPlan: accepted
        ? { id: accepted.id, plan: accepted.data as Plan, acceptedAt: accepted.acceptedAt }
        : null,
      charts: charts.map((c) => ({ bookingId: c.bookingId, chart: c.chart, signedAt: c.signedAt })),
      medications: intake?.data.medications ?? [],
      consents,
      photos,
      observations,
    },
    at,
  );
}

/**
 * The patient's observations as FHIR resources: the provider's assessments, then the patient's
 * answered check-ins. More kinds (patient-reported scores) join here when they are stored.
 */
async function observationsOf(db: Executor, patientId: string): Promise<Observation[]> {
  const [assessments, checkIns] = await Promise.all([
    listAssessmentsOfPatient(db, patientId),
    listCheckInsOfPatient(db, patientId),
  ]);
  return [...assessmentObservations(patientId, assessments), ...checkInObservations(patientId, checkIns)];
}
