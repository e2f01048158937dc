import { Temporal } from "temporal-polyfill";
import type { Account } from "../domain/accounts/account.js";
import type { Weekday } from "../domain/clinic/types.js";
import { isDomainError } from "../domain/errors.js";
import type { Intake } from "../domain/protocol/intake.js";
import { buildPlan } from "../domain/protocol/plan.js";
import { intakeSchema } from "../domain/protocol/plan-input.schema.js";
import { defaultProtocol } from "../domain/protocol/protocol-loader.js";
import { addDays, dayOfInstant } from "../domain/time/calendar.js";
import type { Clock } from "../domain/time/clock.js";
import type { PasswordHasher } from "../services/accounts/passwords.js";
import { createAccount } from "../store/account.repository.js";
import { insertBooking } from "../store/booking.repository.js";
import { createClinic, findClinicBySlug } from "../store/clinic.repository.js";
import type { Store } from "../store/database.js";
import { createDevice } from "../store/device.repository.js";
import { saveIntake } from "../store/intake.repository.js";
import { createPatient } from "../store/patient.repository.js";
import { insertPlan, updatePlanStatus } from "../store/plan.repository.js";
import { createProvider } from "../store/provider.repository.js";
import { createRoom } from "../store/room.repository.js";
import type { Executor } from "../store/schema.js";
import { createService } from "../store/service.repository.js";
import { withWriteTransaction } from "../store/transaction.js";
import {
  DEMO_CLINIC,
  DEMO_DEVICES,
  DEMO_PASSWORD,
  DEMO_PATIENTS,
  DEMO_PROVIDERS,
  DEMO_ROOMS,
  DEMO_SERVICES,
  DEMO_SIGN_INS,
  type DemoPatient,
} from "./demo-clinic.js";

export type DemoSeedResult = { seeded: true } | { seeded: false; reason: "exists" | "production" };

export interface DemoSeedOptions {
  clock: Clock;
  passwords: PasswordHasher;
  nodeEnv: "development" | "test" | "production";
}

/**
 * Creates the demo clinic when there is none, all in one transaction: a half-seeded clinic never
 * exists. Running it again (or on two instances at once) changes nothing. Never in production:
 * the demo password is public.
 */
export async function seedDemoClinic(store: Store, options: DemoSeedOptions): Promise<DemoSeedResult> {
  if (options.nodeEnv === "production") return { seeded: false, reason: "production" };
  if (await findClinicBySlug(store.db, DEMO_CLINIC.slug)) return { seeded: false, reason: "exists" };
  // Hash outside the transaction: argon2 is slow and must not hold the write lock.
  const passwordHash = await options.passwords.hash(DEMO_PASSWORD);
  try {
    await withWriteTransaction(store, async (trx) => {
      if (await findClinicBySlug(trx, DEMO_CLINIC.slug)) return;
      await writeDemoClinic(trx, options.clock.now(), passwordHash);
    });
  } catch (error) {
    // Another instance seeded between our check and our insert.
    if (isDomainError(error) && error.code === "conflict") return { seeded: false, reason: "exists" };
    throw error;
  }
  return { seeded: true };
}

async function writeDemoClinic(trx: Executor, now: Temporal.Instant, passwordHash: string): Promise<void> {
  const at = now.toString();
  const clinic = await createClinic(trx, { ...DEMO_CLINIC, createdAt: at });
  const clinicId = clinic.id;

  const providers = new Map<string, string>();
  for (const { key, ...provider } of DEMO_PROVIDERS) {
    const created = await createProvider(trx, {
      clinicId,
      ...provider,
      skills: [...provider.skills],
      weeklyHours: [...provider.weeklyHours],
    });
    providers.set(key, created.id);
  }
  const rooms: string[] = [];
  for (const room of DEMO_ROOMS) rooms.push((await createRoom(trx, { clinicId, ...room })).id);
  const devices = new Map<string, string>();
  for (const { key, ...device } of DEMO_DEVICES)
    devices.set(key, (await createDevice(trx, { clinicId, ...device })).id);
  const services = new Map<string, { id: string; durationMinutes: number; bufferAfterMinutes: number }>();
  for (const service of DEMO_SERVICES) {
    const created = await createService(trx, {
      clinicId,
      ...service,
      needsRoom: true,
      roomKinds: [...service.roomKinds],
      deviceKinds: [...service.deviceKinds],
    });
    services.set(service.code, created);
  }

  const today = dayOfInstant(now, clinic.timeZone);
  const daysAgo = (days: number) => addDays(today, -days);
  const patients = new Map<string, string>();
  const signOffs: { patient: DemoPatient; patientId: string; intake: Intake; intakeVersion: number }[] = [];
  for (const patient of DEMO_PATIENTS) {
    const created = await createPatient(trx, {
      clinicId,
      name: patient.name,
      email: patient.email,
      timeZone: patient.timeZone,
      createdAt: at,
    });
    patients.set(patient.key, created.id);
    const intake = intakeSchema.parse(patient.intake(daysAgo));
    const saved = await saveIntake(trx, created.id, intake, at);
    if (patient.signedOff)
      signOffs.push({ patient, patientId: created.id, intake, intakeVersion: saved.version });
  }

  const accounts: Account[] = [];
  for (const signIn of DEMO_SIGN_INS) {
    const account = await createAccount(trx, {
      clinicId,
      email: signIn.email,
      name: signIn.name,
      role: signIn.role,
      passwordHash,
      providerId: signIn.provider === undefined ? null : (providers.get(signIn.provider) ?? null),
      patientId: signIn.patient === undefined ? null : (patients.get(signIn.patient) ?? null),
      createdAt: at,
    });
    accounts.push(account);
  }

  // Accepted plans carry the provider's sign-off, as if she had reviewed the intake.
  const provider = accounts.find((a) => a.role === "provider");
  for (const { patient, patientId, intake, intakeVersion } of signOffs) {
    const by = provider?.name ?? "the provider";
    const overrides = (patient.signedOff ?? []).map((o) => ({ ...o, by }));
    const plan = buildPlan(
      { ...intake, timeZone: patient.timeZone, asOf: today, addOns: [], overrides },
      { protocol: defaultProtocol, now },
    );
    const stored = await insertPlan(trx, {
      patientId,
      protocolVersion: plan.protocolVersion,
      intakeVersion,
      data: plan,
      overrides,
      createdAt: at,
    });
    await updatePlanStatus(trx, stored.id, {
      status: "accepted",
      acceptedBy: provider?.id ?? by,
      overrides,
      at,
    });
  }

  // Two upcoming appointments at valid times, so the calendar is not empty. Avery (on tretinoin)
  // and Dana (isotretinoin two months ago) get none: their washouts are not over.
  const book = async (
    p: { patient: string; service: string; provider: string; room: string; devices: string[] },
    startsAt: string,
  ) => {
    const service = services.get(p.service);
    const providerId = providers.get(p.provider);
    const patientId = patients.get(p.patient);
    if (!service || !providerId || !patientId)
      throw new Error(`demo data names an unknown ${p.service}/${p.provider}/${p.patient}`);
    const start = Temporal.Instant.from(startsAt);
    const end = start.add({ minutes: service.durationMinutes });
    await insertBooking(trx, {
      clinicId,
      patientId,
      serviceId: service.id,
      providerId,
      roomId: p.room,
      deviceIds: p.devices,
      startsAt: start.toString(),
      endsAt: end.toString(),
      blockEndsAt: end.add({ minutes: service.bufferAfterMinutes }).toString(),
      createdAt: at,
    });
  };
  const [, room2, consultRoom] = rooms as [string, string, string];
  await book(
    { patient: "blake", service: "consultation", provider: "ames", room: consultRoom, devices: [] },
    wallClock(nextWorkday(today, 2, [1, 2, 3, 4, 5]), "10:00", clinic.timeZone),
  );
  await book(
    {
      patient: "casey",
      service: "rf_microneedling",
      provider: "lee",
      room: room2,
      devices: [devices.get("rf") ?? ""],
    },
    wallClock(nextWorkday(today, 7, [2, 3, 4, 5]), "13:00", clinic.timeZone),
  );
}

/** The first day at least `afterDays` after `today` that falls on one of `weekdays`. */
function nextWorkday(today: string, afterDays: number, weekdays: readonly Weekday[]): string {
  let day = addDays(today, afterDays);
  while (!weekdays.includes(Temporal.PlainDate.from(day).dayOfWeek as Weekday)) day = addDays(day, 1);
  return day;
}

function wallClock(day: string, time: string, timeZone: string): string {
  return Temporal.PlainDateTime.from(`${day}T${time}`).toZonedDateTime(timeZone).toInstant().toString();
}
