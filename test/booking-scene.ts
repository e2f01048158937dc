import { Temporal } from "temporal-polyfill";
import type { BookingCaps } from "../src/domain/clinic/types.js";
import type { AddOn } from "../src/domain/protocol/codes.js";
import type { Intake } from "../src/domain/protocol/intake.js";
import { buildPlan } from "../src/domain/protocol/plan.js";
import { defaultProtocol } from "../src/domain/protocol/protocol-loader.js";
import { fixedClock } from "../src/domain/time/clock.js";
import type { ServiceDeps } from "../src/services/service-deps.js";
import type { Store } from "../src/store/database.js";
import { saveIntake } from "../src/store/intake.repository.js";
import { insertPlan } from "../src/store/plan.repository.js";
import {
  CREATED_AT,
  newClinic,
  newDevice,
  newPatient,
  newProvider,
  newRoom,
  newService,
} from "./factories.js";

/** Tuesday 2030-01-01, 07:00 in New York. 2030-01-07 is a Monday. */
export const SCENE_NOW = "2030-01-01T12:00:00Z";

export const PLAIN_INTAKE: Intake = {
  concerns: [{ code: "wrinkles", severity: "moderate" }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};

/**
 * A New York clinic with two providers (Mon–Fri 09:00–17:00), two rooms, one RF device and
 * the three usual services, and a patient with a plain intake.
 */
export async function newTreatmentScene(
  store: Store,
  options: {
    now?: string;
    /**
     * The clinic's booking horizon. Suites whose server runs on the real clock (system tests)
     * book years ahead of it, so they widen it.
     */
    maxAdvanceDays?: number;
    /** Per-patient caps; the defaults otherwise. */
    caps?: Partial<BookingCaps>;
  } = {},
) {
  const clinic = await newClinic(store, {
    timeZone: "America/New_York",
    policy: {
      minNoticeMinutes: 120,
      slotStepMinutes: 15,
      lateCancelHours: 24,
      maxAdvanceDays: options.maxAdvanceDays ?? 180,
      ...options.caps,
    },
  });
  const skills = ["microneedling", "rf_microneedling", "consultation"];
  const [alice, bruno] = [
    await newProvider(store, clinic.id, { name: "Alice", skills }),
    await newProvider(store, clinic.id, { name: "Bruno", skills }),
  ];
  const rooms = [
    await newRoom(store, clinic.id, { name: "Room 1" }),
    await newRoom(store, clinic.id, { name: "Room 2" }),
  ];
  const rf = await newDevice(store, clinic.id, { name: "RF 1", kind: "rf" });
  const microneedling = await newService(store, clinic.id, {
    code: "microneedling",
    durationMinutes: 60,
    bufferAfterMinutes: 15,
    needsRoom: true,
  });
  const rfService = await newService(store, clinic.id, {
    code: "rf_microneedling",
    durationMinutes: 75,
    needsRoom: true,
    deviceKinds: ["rf"],
    addOn: "rf",
  });
  const consultation = await newService(store, clinic.id, {
    code: "consultation",
    durationMinutes: 30,
    needsRoom: true,
    isTreatment: false,
  });
  const deps: ServiceDeps = { store, clock: fixedClock(options.now ?? SCENE_NOW) };
  const addPatient = async (intake: Intake | null = PLAIN_INTAKE) => {
    const patient = await newPatient(store, clinic.id);
    if (intake) await saveIntake(store.db, patient.id, intake, CREATED_AT);
    return patient;
  };
  const patient = await addPatient();
  /** Stores the plan the engine makes for this intake, as the plans endpoint would. */
  const addPlan = async (patientId: string, intake: Intake = PLAIN_INTAKE, addOns: AddOn[] = []) => {
    const plan = buildPlan(
      { ...intake, asOf: "2030-01-01", timeZone: clinic.timeZone, addOns, overrides: [] },
      { protocol: defaultProtocol, now: Temporal.Instant.from(SCENE_NOW) },
    );
    return insertPlan(store.db, {
      patientId,
      protocolVersion: plan.protocolVersion,
      intakeVersion: 1,
      data: plan,
      createdAt: CREATED_AT,
    });
  };
  return {
    clinic,
    providers: [alice, bruno],
    rooms,
    rf,
    services: { microneedling, rf: rfService, consultation },
    deps,
    patient,
    addPatient,
    addPlan,
  };
}

/**
 * Half-hour consultation starts on weekdays from `monday` on, 09:00–17:00 New York (winter time),
 * for each provider in turn: `count` distinct slots for load tests against a real server.
 */
export function consultationSlotPlan(providerIds: string[], count: number, monday: string) {
  const out: { startsAt: string; providerId: string }[] = [];
  for (let day = 0; out.length < count; day++) {
    const date = Temporal.PlainDate.from(monday).add({ days: day });
    if (date.dayOfWeek > 5) continue;
    for (let half = 0; half < 16; half++) {
      const startsAt = Temporal.Instant.from(`${date}T14:00:00Z`)
        .add({ minutes: 30 * half })
        .toString();
      for (const providerId of providerIds) out.push({ startsAt, providerId });
    }
  }
  return out.slice(0, count);
}
