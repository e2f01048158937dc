import { randomUUID } from "node:crypto";
import { Kysely } from "kysely";
import type { Booking } from "../src/domain/booking/types.js";
import type { Clinic, Device, Patient, Provider, Room, Service } from "../src/domain/clinic/types.js";
import { CONSENT_KINDS } from "../src/domain/clinical/consent.js";
import { addMinutes } from "../src/domain/time/instants.js";
import { insertBooking, type NewBooking } from "../src/store/booking.repository.js";
import { createClinic, type NewClinic } from "../src/store/clinic.repository.js";
import { insertSignedConsent } from "../src/store/consent.repository.js";
import type { Store } from "../src/store/database.js";
import { createDevice, type NewDevice } from "../src/store/device.repository.js";
import { createPatient, type NewPatient } from "../src/store/patient.repository.js";
import { createProvider, type NewProvider } from "../src/store/provider.repository.js";
import { createRoom, type NewRoom } from "../src/store/room.repository.js";
import type { Executor } from "../src/store/schema.js";
import { createService, type NewService } from "../src/store/service.repository.js";

/** Factories write through a store or an open transaction. */
export type Target = Store | Executor;

export function newId(): string {
  return randomUUID();
}

/** A short value no other call returns, e.g. `clinic-k3f9x2a1`, for unique columns. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** When factory rows were made, unless a test says otherwise: a month before the tests' usual "now". */
export const CREATED_AT = "2029-12-01T12:00:00Z";

function executorOf(target: Target): Executor {
  return target instanceof Kysely ? target : target.db;
}

export function newClinic(target: Target, overrides: Partial<NewClinic> = {}): Promise<Clinic> {
  return createClinic(executorOf(target), {
    slug: unique("clinic"),
    name: "Test Clinic",
    timeZone: "America/New_York",
    policy: { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 180 },
    createdAt: CREATED_AT,
    ...overrides,
  });
}

/** Works Monday to Friday, 09:00–17:00 clinic time, unless `weeklyHours` says otherwise. */
export function newProvider(
  target: Target,
  clinicId: string,
  overrides: Partial<Omit<NewProvider, "clinicId">> = {},
): Promise<Provider> {
  return createProvider(executorOf(target), {
    clinicId,
    name: unique("Provider"),
    skills: ["microneedling"],
    weeklyHours: ([1, 2, 3, 4, 5] as const).map((weekday) => ({
      weekday,
      startTime: "09:00",
      endTime: "17:00",
    })),
    ...overrides,
  });
}

export function newRoom(
  target: Target,
  clinicId: string,
  overrides: Partial<Omit<NewRoom, "clinicId">> = {},
): Promise<Room> {
  return createRoom(executorOf(target), { clinicId, name: unique("Room"), ...overrides });
}

/** An RF device unless `kind` says otherwise. */
export function newDevice(
  target: Target,
  clinicId: string,
  overrides: Partial<Omit<NewDevice, "clinicId">> = {},
): Promise<Device> {
  return createDevice(executorOf(target), { clinicId, name: unique("Device"), kind: "rf", ...overrides });
}

/** A 60-minute treatment without buffers, room or devices, unless overridden. */
export function newService(
  target: Target,
  clinicId: string,
  overrides: Partial<Omit<NewService, "clinicId">> = {},
): Promise<Service> {
  return createService(executorOf(target), {
    clinicId,
    code: unique("service"),
    name: "Microneedling",
    durationMinutes: 60,
    ...overrides,
  });
}

export function newPatient(
  target: Target,
  clinicId: string,
  overrides: Partial<Omit<NewPatient, "clinicId">> = {},
): Promise<Patient> {
  const name = unique("patient");
  return createPatient(executorOf(target), {
    clinicId,
    name,
    email: `${name}@example.test`,
    phone: null,
    timeZone: "America/Chicago",
    createdAt: CREATED_AT,
    ...overrides,
  });
}

export interface BookingRefs {
  clinicId: string;
  patientId: string;
  serviceId: string;
  providerId: string;
}

/**
 * A one-hour booking at `startsAt` (default 2030-01-07 15:00 UTC), holds and all; through a store,
 * written as that store's booking writes write it (one statement on PostgreSQL).
 */
export function newBooking(
  target: Target,
  refs: BookingRefs,
  overrides: Partial<NewBooking> = {},
): Promise<Booking> {
  const startsAt = overrides.startsAt ?? "2030-01-07T15:00:00Z";
  return insertBooking(
    executorOf(target),
    { ...refs, startsAt, endsAt: addMinutes(startsAt, 60), createdAt: CREATED_AT, ...overrides },
    target instanceof Kysely ? undefined : target.dialect,
  );
}

/** A clinic with one provider, room, RF device, service and patient: the usual cast of a booking test. */
export async function newBookingScene(target: Target) {
  const clinic = await newClinic(target);
  const [provider, room, device, service, patient] = await Promise.all([
    newProvider(target, clinic.id),
    newRoom(target, clinic.id),
    newDevice(target, clinic.id),
    newService(target, clinic.id, { needsRoom: true, deviceKinds: ["rf"] }),
    newPatient(target, clinic.id),
  ]);
  const refs: BookingRefs = {
    clinicId: clinic.id,
    patientId: patient.id,
    serviceId: service.id,
    providerId: provider.id,
  };
  return { clinic, provider, room, device, service, patient, refs };
}

/**
 * The patient signs version 1 of every default consent form, as they would in the portal before a
 * first treatment: a session is only recorded as completed once its consent is signed.
 */
export async function signDefaultConsents(db: Executor, clinicId: string, patientId: string): Promise<void> {
  for (const kind of CONSENT_KINDS)
    await insertSignedConsent(db, {
      clinicId,
      patientId,
      kind,
      templateVersion: 1,
      typedName: "Test Patient",
      signedAt: "2029-01-01T12:00:00Z",
      ip: "127.0.0.1",
      userAgent: null,
    });
}
