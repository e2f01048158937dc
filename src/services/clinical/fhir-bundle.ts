import type {
  Appointment,
  Bundle,
  BundleEntry,
  CarePlan,
  Consent,
  Patient as FhirPatient,
  Media,
  MedicationStatement,
  Observation,
  ObservationComponent,
  Procedure,
  Resource,
} from "@medplum/fhirtypes";
import type { Booking } from "../../domain/booking/types.js";
import type { Patient, Provider, Service } from "../../domain/clinic/types.js";
import type { SessionChart } from "../../domain/clinical/chart.js";
import type { SignedConsent } from "../../domain/clinical/consent.js";
import type { PhotoRecord } from "../../domain/clinical/photos.js";
import type { MedicationEntry } from "../../domain/protocol/intake.js";
import type { Plan } from "../../domain/protocol/plan.js";
import type { SessionAssessment } from "../../store/assessment.repository.js";
import type { CheckInRecord } from "../../store/check-in.repository.js";

/**
 * The patient's record as FHIR R4 resources, built from what the store holds. Pure: the service
 * reads, this maps. Ids are the store's (UUIDs, valid FHIR ids); references are relative
 * (`Patient/<id>`) and all point inside the bundle, except a provider, who is named by `display`
 * (practitioners are not exported).
 */
export interface PatientRecordForExport {
  patient: Patient;
  bookings: Booking[];
  services: Service[];
  providers: Provider[];
  acceptedPlan: { id: string; plan: Plan; acceptedAt: string | null } | null;
  charts: { bookingId: string; chart: SessionChart; signedAt: string | null }[];
  medications: MedicationEntry[];
  consents: SignedConsent[];
  photos: PhotoRecord[];
  /**
   * Observations made elsewhere and passed in already mapped: the provider's assessments, and
   * (where that record exists) the patient's check-in answers.
   */
  observations: Observation[];
}

/** The base the photo URLs in `Media.content.url` are relative to: the API itself. */
const API = "/api/v1";

const BOOKING_STATUS: Record<Booking["status"], Appointment["status"]> = {
  booked: "booked",
  completed: "fulfilled",
  cancelled: "cancelled",
  no_show: "noshow",
};

export function buildEverythingBundle(record: PatientRecordForExport, at: string): Bundle {
  const patientRef = { reference: `Patient/${record.patient.id}` };
  const serviceOf = new Map(record.services.map((s) => [s.id, s]));
  const providerOf = new Map(record.providers.map((p) => [p.id, p]));
  const bookingOf = new Map(record.bookings.map((b) => [b.id, b]));
  const resources: Resource[] = [patientResource(record.patient)];

  for (const booking of record.bookings) {
    const service = serviceOf.get(booking.serviceId);
    const provider = providerOf.get(booking.providerId);
    const appointment: Appointment = {
      resourceType: "Appointment",
      id: booking.id,
      status: BOOKING_STATUS[booking.status],
      ...(service && { serviceType: [{ text: service.name }] }),
      start: booking.startsAt,
      end: booking.endsAt,
      participant: [
        { actor: { ...patientRef, display: record.patient.name }, status: "accepted" },
        ...(provider ? [{ actor: { display: provider.name }, status: "accepted" as const }] : []),
      ],
    };
    resources.push(appointment);
  }

  if (record.acceptedPlan) {
    const { id, plan, acceptedAt } = record.acceptedPlan;
    const carePlan: CarePlan = {
      resourceType: "CarePlan",
      id,
      status: "active",
      intent: "plan",
      title:
        plan.kind === "series" ? `Microneedling series of ${plan.seriesLength}` : "Microneedling maintenance",
      subject: patientRef,
      ...(acceptedAt && { created: acceptedAt }),
      activity: [
        ...plan.sessions.map((s) => ({
          detail: {
            status: "scheduled" as const,
            description: `Session ${s.number} of ${plan.seriesLength}, around ${s.targetOn}`,
            scheduledPeriod: { start: s.earliestOn, ...(s.latestOn !== null && { end: s.latestOn }) },
          },
        })),
        ...(plan.maintenance.firstOn === null
          ? []
          : [
              {
                detail: {
                  status: "not-started" as const,
                  description: `Maintenance every ${plan.maintenance.everyMonths} months${plan.maintenance.required ? "" : " (optional)"}`,
                  scheduledPeriod: { start: plan.maintenance.firstOn },
                },
              },
            ]),
      ],
    };
    resources.push(carePlan);
  }

  for (const { bookingId, chart, signedAt } of record.charts) {
    const booking = bookingOf.get(bookingId);
    if (!booking) continue;
    const service = serviceOf.get(booking.serviceId);
    const provider = providerOf.get(booking.providerId);
    const procedure: Procedure = {
      resourceType: "Procedure",
      id: bookingId,
      // A chart not yet signed is still being written.
      status: signedAt === null ? "in-progress" : "completed",
      code: { text: service?.name ?? "Microneedling" },
      subject: patientRef,
      ...(record.acceptedPlan && { basedOn: [{ reference: `CarePlan/${record.acceptedPlan.id}` }] }),
      performedPeriod: { start: booking.startsAt, end: booking.endsAt },
      ...(provider && { performer: [{ actor: { display: provider.name } }] }),
      bodySite: chart.areas.map((a) => ({ text: a.area })),
      usedCode: [{ text: chart.device }],
      note: [{ text: chartSummary(chart) }, ...(chart.notes === null ? [] : [{ text: chart.notes }])],
    };
    resources.push(procedure);
  }

  record.medications.forEach((m, i) => {
    const statement: MedicationStatement = {
      resourceType: "MedicationStatement",
      id: `${record.patient.id.slice(0, 50)}-med-${i + 1}`,
      status: m.ongoing ? "active" : "completed",
      medicationCodeableConcept: { text: m.code.replaceAll("_", " ") },
      subject: patientRef,
      ...(m.lastTakenOn !== undefined && { effectiveDateTime: m.lastTakenOn }),
      informationSource: patientRef,
    };
    resources.push(statement);
  });

  resources.push(...record.observations);

  for (const consent of record.consents) {
    const resource: Consent = {
      resourceType: "Consent",
      id: consent.id,
      status: "active",
      scope: {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "treatment" }],
      },
      category: [{ coding: [{ system: "http://loinc.org", code: "59284-0", display: "Consent Document" }] }],
      patient: patientRef,
      dateTime: consent.signedAt,
      policyRule: { text: `${consent.kind} consent, version ${consent.templateVersion}` },
      sourceAttachment: {
        title: `${consent.kind} consent v${consent.templateVersion}, signed as "${consent.typedName}"`,
        creation: consent.signedAt,
      },
    };
    resources.push(resource);
  }

  const charted = new Set(record.charts.map((c) => c.bookingId));
  for (const photo of record.photos) {
    const media: Media = {
      resourceType: "Media",
      id: photo.id,
      status: "completed",
      subject: patientRef,
      createdDateTime: photo.uploadedAt,
      view: { text: photo.angle },
      note: [{ text: `${photo.taken} the session` }],
      // A photo's session is referenced only when that session was charted (its Procedure exists).
      ...(photo.bookingId !== null &&
        charted.has(photo.bookingId) && { partOf: [{ reference: `Procedure/${photo.bookingId}` }] }),
      width: photo.width,
      height: photo.height,
      content: {
        contentType: photo.mediaType,
        url: `${API}/patients/${photo.patientId}/photos/${photo.id}/original`,
        creation: photo.uploadedAt,
      },
    };
    resources.push(media);
  }

  const entry: BundleEntry[] = resources.map((resource) => ({
    fullUrl: `${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: resource.resourceType === "Patient" ? "match" : "include" },
  }));
  return { resourceType: "Bundle", type: "searchset", timestamp: at, total: entry.length, entry };
}

function patientResource(patient: Patient): FhirPatient {
  const telecom = [
    ...(patient.email === null ? [] : [{ system: "email" as const, value: patient.email }]),
    ...(patient.phone === null ? [] : [{ system: "phone" as const, value: patient.phone }]),
  ];
  // FHIR allows no empty arrays: a list is left out when there is nothing in it.
  return {
    resourceType: "Patient",
    id: patient.id,
    name: [{ text: patient.name }],
    ...(telecom.length > 0 && { telecom }),
  };
}

/** The chart's parameters in one line, for readers that know nothing of our fields. */
export function chartSummary(chart: SessionChart): string {
  const areas = chart.areas.map((a) => `${a.area} ${a.depthMm} mm × ${a.passes} passes`).join("; ");
  const parts = [`Device ${chart.device}: ${areas}`];
  if (chart.prp) parts.push(`PRP ${chart.prp.volumeMl} ml`);
  if (chart.rf) parts.push(`RF level ${chart.rf.energyLevel}, tip ${chart.rf.tip}`);
  if (chart.numbing) parts.push(`Numbing ${chart.numbing.product} for ${chart.numbing.minutes} min`);
  if (chart.products.length > 0)
    parts.push(`Products ${chart.products.map((p) => `${p.name} (lot ${p.lotNumber})`).join(", ")}`);
  return parts.join(". ");
}

/** A provider's assessments as Observations: one per concern per session, the score as an integer. */
export function assessmentObservations(
  patientId: string,
  assessments: readonly SessionAssessment[],
): Observation[] {
  return assessments.flatMap((a) =>
    a.concerns.map(
      (c): Observation => ({
        resourceType: "Observation",
        id: `${a.bookingId}-${c.concern.replaceAll("_", "-")}`,
        status: "final",
        category: [
          {
            coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "exam" }],
          },
        ],
        code: { text: `Provider assessment of ${c.concern.replaceAll("_", " ")} (0 none – 10 most severe)` },
        subject: { reference: `Patient/${patientId}` },
        effectiveDateTime: a.assessedAt,
        ...(c.score !== null && { valueInteger: c.score }),
        ...(c.improvement !== null && { interpretation: [{ text: `improvement: ${c.improvement}` }] }),
        ...(c.note !== null && { note: [{ text: c.note }] }),
      }),
    ),
  );
}

/** One answer of a check-in as an Observation component, with the question's words as its code. */
function component(question: string, value: number | string | boolean): ObservationComponent {
  const code = { text: question };
  if (typeof value === "number") return { code, valueInteger: value };
  if (typeof value === "boolean") return { code, valueBoolean: value };
  return { code, valueString: value };
}

/**
 * Each answered check-in as one patient-reported survey Observation: one component per answer
 * (satisfaction as an integer 0–10), the patient's note as a note, and the session it follows as
 * its focus (the Appointment of the same id in the bundle).
 */
export function checkInObservations(patientId: string, checkIns: readonly CheckInRecord[]): Observation[] {
  return checkIns.map((c) => ({
    resourceType: "Observation",
    id: `${c.bookingId}-check-in-day-${c.day}`,
    status: "final",
    category: [
      {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "survey" }],
      },
    ],
    code: { text: `Patient check-in, day ${c.day} after the session` },
    subject: { reference: `Patient/${patientId}` },
    focus: [{ reference: `Appointment/${c.bookingId}` }],
    effectiveDateTime: c.answeredAt,
    component: [
      component("Redness (0 none – 3 deep red)", c.answers.redness),
      component("Swelling", c.answers.swelling),
      component("Warmth or pus", c.answers.warmthOrPus),
      component("Fever", c.answers.fever),
      component("New bumps", c.answers.newBumps),
      component("Pain not relieved by acetaminophen", c.answers.painNotRelievedByAcetaminophen),
      component("Cold sore", c.answers.coldSore),
      component("Satisfaction (0 – 10)", c.answers.satisfaction),
    ],
    ...(c.answers.note ? { note: [{ text: c.answers.note }] } : {}),
  }));
}
