import type { FastifyInstance } from "fastify";
import type { Clinic, Device, Patient, Provider, Room, Service } from "../../src/domain/clinic/types.js";
import type { Store } from "../../src/store/database.js";
import { saveIntake } from "../../src/store/intake.repository.js";
import {
  CREATED_AT,
  newClinic,
  newDevice,
  newPatient,
  newProvider,
  newRoom,
  newService,
} from "../factories.js";
import { type Actor, newActor, patientActor } from "./harness.js";

/** Who may appear in a request: nobody, or someone of the clinic under test ("own") or of another. */
export type ActorName =
  | "anonymous"
  | "patient:self"
  | "patient:other"
  | "front_desk"
  | "provider"
  | "admin"
  | "foreign:patient"
  | "foreign:front_desk"
  | "foreign:provider"
  | "foreign:admin";

export const ACTOR_NAMES: readonly ActorName[] = [
  "anonymous",
  "patient:self",
  "patient:other",
  "front_desk",
  "provider",
  "admin",
  "foreign:patient",
  "foreign:front_desk",
  "foreign:provider",
  "foreign:admin",
];

export interface ClinicCast {
  clinic: Clinic;
  provider: Provider;
  room: Room;
  device: Device;
  service: Service;
  /** A consultation (no protocol) and a treatment the provider performs, for the booking routes. */
  consultation: Service;
  treatment: Service;
  patient: Patient;
  otherPatient: Patient;
}

/**
 * Two clinics with staff of every role and two patients each. Requests target the own clinic
 * and its patient `patient` (whose account is "patient:self").
 */
export interface Scene {
  own: ClinicCast;
  foreign: ClinicCast;
  actors: Record<Exclude<ActorName, "anonymous">, Actor>;
  /** A plan of `own.patient`, for the read routes. */
  planId: string;
}

const INTAKE = {
  concerns: [{ code: "fine_lines" as const, severity: "mild" as const }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};

async function newCast(store: Store): Promise<ClinicCast> {
  // A long booking horizon: the matrix books treatment series a year and more ahead, so its
  // series never meet each other's 28-day intervals. It books for one patient again and again,
  // so the per-patient caps are out of its way (their own tests hold them).
  const clinic = await newClinic(store, {
    policy: {
      minNoticeMinutes: 120,
      slotStepMinutes: 15,
      lateCancelHours: 24,
      maxAdvanceDays: 1500,
      maxFutureTreatmentBookings: 10_000,
      maxConsultationsPerDay: 10_000,
      maxWaitlistEntries: 10_000,
    },
  });
  const [provider, room, device, service, patient, otherPatient, consultation, treatment] = await Promise.all(
    [
      newProvider(store, clinic.id, { skills: ["microneedling", "consultation"] }),
      newRoom(store, clinic.id),
      newDevice(store, clinic.id),
      newService(store, clinic.id),
      newPatient(store, clinic.id),
      newPatient(store, clinic.id),
      newService(store, clinic.id, { code: "consultation", durationMinutes: 30, isTreatment: false }),
      newService(store, clinic.id, { code: "microneedling", durationMinutes: 60 }),
    ],
  );
  for (const p of [patient, otherPatient]) await saveIntake(store.db, p.id, INTAKE, CREATED_AT);
  return { clinic, provider, room, device, service, consultation, treatment, patient, otherPatient };
}

export async function newScene(store: Store, app: FastifyInstance): Promise<Scene> {
  const own = await newCast(store);
  const foreign = await newCast(store);
  const staff = (cast: ClinicCast, role: "front_desk" | "provider" | "admin") =>
    newActor(store, {
      clinicId: cast.clinic.id,
      role,
      ...(role === "provider" && { providerId: cast.provider.id }),
    });
  const actors = {
    "patient:self": await patientActor(store, own.clinic, own.patient),
    "patient:other": await patientActor(store, own.clinic, own.otherPatient),
    front_desk: await staff(own, "front_desk"),
    provider: await staff(own, "provider"),
    admin: await staff(own, "admin"),
    "foreign:patient": await patientActor(store, foreign.clinic, foreign.patient),
    "foreign:front_desk": await staff(foreign, "front_desk"),
    "foreign:provider": await staff(foreign, "provider"),
    "foreign:admin": await staff(foreign, "admin"),
  };
  const plan = await app.inject({
    method: "POST",
    url: `/api/v1/patients/${own.patient.id}/plans`,
    headers: actors["patient:self"].headers,
    payload: {},
  });
  if (plan.statusCode !== 201) throw new Error(`scene plan: ${plan.statusCode} ${plan.body}`);
  return { own, foreign, actors, planId: plan.json().id };
}

export function headersOf(scene: Scene, name: ActorName): Record<string, string> {
  return name === "anonymous" ? { origin: "http://localhost:80" } : scene.actors[name].headers;
}
