import { type Insertable, sql } from "kysely";
import { Temporal } from "temporal-polyfill";
import type {
  Clinic,
  Device,
  HoursException,
  Provider,
  Room,
  Service,
  Weekday,
  WorkingHours,
} from "../src/domain/clinic/types.js";
import { DEFAULT_PROTOCOL } from "../src/domain/protocol/default-protocol.js";
import type { Intake, MedicationEntry } from "../src/domain/protocol/intake.js";
import { buildPlan } from "../src/domain/protocol/plan.js";
import { defaultProtocol } from "../src/domain/protocol/protocol-loader.js";
import type { Interval } from "../src/domain/scheduling/intervals.js";
import { providerWorkingIntervals } from "../src/domain/scheduling/working-time.js";
import { addDays, startOfDay } from "../src/domain/time/calendar.js";
import { heldResourceIds } from "../src/store/booking.repository.js";
import { createClinic } from "../src/store/clinic.repository.js";
import { toDbJson } from "../src/store/codec.js";
import type { Store } from "../src/store/database.js";
import { createDevice } from "../src/store/device.repository.js";
import { addProtocolVersion } from "../src/store/protocol-version.repository.js";
import { addHoursException, createProvider } from "../src/store/provider.repository.js";
import { createRoom } from "../src/store/room.repository.js";
import type {
  BookingTable,
  Executor,
  IntakeVersionTable,
  PatientTable,
  PlanTable,
  ResourceHoldTable,
} from "../src/store/schema.js";
import { createService } from "../src/store/service.repository.js";
import { withWriteTransaction } from "../src/store/transaction.js";
import { createRandom, progress, type Random } from "./harness.js";

/**
 * The busy clinic of the quality bars: 20 providers, 8 rooms, 3 RF devices, 1 centrifuge,
 * 2,000 patients with intakes and 20,000 live bookings over 26 weeks, in New York (so the
 * March DST change falls inside). Every booking respects non-overlap of its provider, room,
 * devices and patient (PostgreSQL's exclusion constraint would refuse anything else), lies in
 * its provider's working hours on the clinic's 15-minute grid, and its provider has the skill.
 * The same seed gives the same clinic on both databases (only the ids of the few set-up rows
 * made through the repositories differ).
 */
export const BUSY_CLINIC = {
  seed: 20_301_007,
  timeZone: "America/New_York",
  /** A Monday; the bookings cover `days` clinic days from here. */
  firstDay: "2030-01-07",
  days: 182,
  /** The instant the data is "made" at; every booking lies after it. */
  madeAt: "2030-01-01T12:00:00Z",
  providers: 20,
  rooms: 8,
  rfDevices: 3,
  centrifuges: 1,
  patients: 2_000,
  bookings: 20_000,
  slotStepMinutes: 15,
  minNoticeMinutes: 120,
} as const;

export type ServiceCode = "microneedling" | "microneedling_prp" | "rf_microneedling" | "consultation";

export const SERVICE_CODES: readonly ServiceCode[] = [
  "microneedling",
  "microneedling_prp",
  "rf_microneedling",
  "consultation",
];

interface ServiceSpec {
  code: ServiceCode;
  name: string;
  durationMinutes: number;
  bufferAfterMinutes: number;
  needsRoom: boolean;
  deviceKinds: string[];
  addOn: "prp" | "rf" | null;
  isTreatment: boolean;
  /** Share of the generated bookings; consultations need no room, which lets the rooms hold the load. */
  share: number;
}

const SERVICE_SPECS: readonly ServiceSpec[] = [
  {
    code: "microneedling",
    name: "Microneedling",
    durationMinutes: 60,
    bufferAfterMinutes: 15,
    needsRoom: true,
    deviceKinds: [],
    addOn: null,
    isTreatment: true,
    share: 0.3,
  },
  {
    code: "microneedling_prp",
    name: "Microneedling with PRP",
    durationMinutes: 90,
    bufferAfterMinutes: 15,
    needsRoom: true,
    deviceKinds: ["centrifuge"],
    addOn: "prp",
    isTreatment: true,
    share: 0.07,
  },
  {
    code: "rf_microneedling",
    name: "RF microneedling",
    durationMinutes: 75,
    bufferAfterMinutes: 15,
    needsRoom: true,
    deviceKinds: ["rf"],
    addOn: "rf",
    isTreatment: true,
    share: 0.18,
  },
  {
    code: "consultation",
    name: "Consultation",
    durationMinutes: 30,
    bufferAfterMinutes: 0,
    needsRoom: false,
    deviceKinds: [],
    addOn: null,
    isTreatment: false,
    share: 0.45,
  },
];

/**
 * Patients whose intake has an ongoing topical retinoid and who have two treatment sessions
 * 91 days apart: gated patient `j` has sessions on clinic days `3j` and `3j + 91`. So for any
 * window there is one whose previous session lies about two weeks before it (see
 * `gatedPatientFor`), and both the washout and the series interval shape that search.
 */
const GATED_PATIENTS = 31;
const GATED_SPACING_DAYS = 91;
const GATED_STRIDE_DAYS = 3;
/** How long before a window's first day the chosen gated patient's previous session lies. */
const GATED_LEAD_DAYS = 14;

export const GATED_INTAKE: Intake = {
  concerns: [{ code: "acne_scars", severity: "moderate" }],
  medications: [{ code: "topical_retinoid", ongoing: true }],
  recentProcedures: [],
  conditions: [],
};

/** An intake with nothing that restricts a session: such a patient may book a treatment today. */
export const ELIGIBLE_INTAKE: Intake = {
  concerns: [{ code: "wrinkles", severity: "moderate" }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};

export interface BusyClinic {
  clinic: Clinic;
  services: Record<ServiceCode, Service>;
  providers: Provider[];
  rooms: Room[];
  devices: Device[];
  /** See GATED_PATIENTS. */
  gatedPatientIds: string[];
  /** The first clinic day, its first instant, and the instant the last day ends. */
  span: { firstDay: string; days: number; from: string; to: string };
  counts: { patients: number; bookings: number; holds: number; exceptions: number };
}

/** The gated patient whose previous session lies about two weeks before clinic day `dayOffset`. */
export function gatedPatientFor(clinic: BusyClinic, dayOffset: number): string {
  const target = dayOffset - GATED_LEAD_DAYS;
  const phase = ((target % GATED_SPACING_DAYS) + GATED_SPACING_DAYS) % GATED_SPACING_DAYS;
  const index = Math.min(Math.floor(phase / GATED_STRIDE_DAYS), clinic.gatedPatientIds.length - 1);
  return clinic.gatedPatientIds[index] as string;
}

/** The instant clinic day `dayOffset` begins (local midnight in the clinic's zone). */
export function dayStart(clinic: BusyClinic, dayOffset: number): string {
  return startOfDay(addDays(clinic.span.firstDay, dayOffset), clinic.clinic.timeZone);
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Half-open busy stretches of one resource, bucketed by UTC day so a check reads a handful. */
class Timeline {
  private readonly buckets = new Map<number, number[]>();

  isFree(start: number, end: number): boolean {
    for (let day = Math.floor(start / DAY_MS); day <= Math.floor((end - 1) / DAY_MS); day++) {
      const list = this.buckets.get(day);
      if (list === undefined) continue;
      for (let i = 0; i < list.length; i += 2) {
        if ((list[i] as number) < end && start < (list[i + 1] as number)) return false;
      }
    }
    return true;
  }

  add(start: number, end: number): void {
    for (let day = Math.floor(start / DAY_MS); day <= Math.floor((end - 1) / DAY_MS); day++) {
      const list = this.buckets.get(day);
      if (list === undefined) this.buckets.set(day, [start, end]);
      else list.push(start, end);
    }
  }
}

/** Epoch ms: the appointment [start, end) and its buffered block [blockStart, blockEnd). */
interface PlannedBooking {
  service: Service;
  providerIndex: number;
  roomIndex: number | null;
  deviceIndexes: number[];
  patientIndex: number;
  start: number;
  end: number;
  blockStart: number;
  blockEnd: number;
}

/** Stored instants are `Date#toISOString()` text: the 24-char form `toDbInstant` writes. */
const dbInstant = (ms: number) => new Date(ms).toISOString();

/** Builds the busy clinic in `store` (migrated, empty or not) and returns what the benches need. */
export async function buildBusyClinic(store: Store): Promise<BusyClinic> {
  const started = performance.now();
  const random = createRandom(BUSY_CLINIC.seed);
  const zone = BUSY_CLINIC.timeZone;
  const firstDay = BUSY_CLINIC.firstDay;
  const spanFrom = Temporal.Instant.from(startOfDay(firstDay, zone));
  const spanTo = Temporal.Instant.from(startOfDay(addDays(firstDay, BUSY_CLINIC.days), zone));

  const setUp = await withWriteTransaction(store, (trx) => createSetUp(trx, random));
  const { clinic, services, providers, rooms, devices, exceptions } = setUp;

  const working = providers.map((provider) =>
    providerWorkingIntervals(provider, exceptions, zone, {
      from: spanFrom.epochMilliseconds,
      to: spanTo.epochMilliseconds,
    }),
  );
  const patients = planPatients(random, clinic.id);
  const planned = planBookings(random, { services, providers, rooms, devices, working, spanFrom });

  // Multi-row inserts, a few thousand bound values a statement: under both dialects' limits.
  await withWriteTransaction(store, async (trx) => {
    for (const rows of chunks(patients.rows, 1_000)) await trx.insertInto("patient").values(rows).execute();
    for (const rows of chunks(patients.intakes, 1_000)) {
      await trx.insertInto("intake_version").values(rows).execute();
    }
    for (const rows of chunks(patients.plans, 100)) await trx.insertInto("plan").values(rows).execute();
  });

  const bookingRows: Insertable<BookingTable>[] = [];
  const holdRows: Insertable<ResourceHoldTable>[] = [];
  const madeAt = dbInstant(Date.parse(BUSY_CLINIC.madeAt));
  for (const b of planned) {
    const id = random.uuid();
    const draft = {
      providerId: (providers[b.providerIndex] as Provider).id,
      roomId: b.roomIndex === null ? null : (rooms[b.roomIndex] as Room).id,
      deviceIds: b.deviceIndexes.map((d) => (devices[d] as Device).id),
      patientId: patients.ids[b.patientIndex] as string,
    };
    const blockStart = dbInstant(b.blockStart);
    const blockEnd = dbInstant(b.blockEnd);
    bookingRows.push({
      id,
      clinic_id: clinic.id,
      patient_id: draft.patientId,
      service_id: b.service.id,
      provider_id: draft.providerId,
      room_id: draft.roomId,
      device_ids: toDbJson(draft.deviceIds),
      starts_at: dbInstant(b.start),
      ends_at: dbInstant(b.end),
      block_starts_at: blockStart,
      block_ends_at: blockEnd,
      status: "booked",
      series_id: null,
      series_number: null,
      plan_id: null,
      late_cancel: 0,
      created_at: madeAt,
      updated_at: madeAt,
    });
    // The same holds insertBooking writes: provider, room, each device and the patient.
    for (const resourceId of heldResourceIds(draft)) {
      holdRows.push({
        booking_id: id,
        clinic_id: clinic.id,
        resource_id: resourceId,
        starts_at: blockStart,
        ends_at: blockEnd,
      });
    }
  }
  await withWriteTransaction(store, async (trx) => {
    for (const rows of chunks(bookingRows, 500)) await trx.insertInto("booking").values(rows).execute();
    for (const rows of chunks(holdRows, 2_000)) await trx.insertInto("resource_hold").values(rows).execute();
  });
  // PostgreSQL: statistics and the visibility map as autovacuum leaves them once a clinic has
  // grown to this size; only the bench schema's tables (search_path puts them first), never the
  // rest of the database. SQLite: nothing, since the app never runs ANALYZE there either.
  if (store.dialect === "postgres") {
    await sql`vacuum analyze booking, resource_hold, patient, intake_version, plan`.execute(store.db);
  }

  progress(
    `${store.dialect}: built the busy clinic (${bookingRows.length} bookings, ${holdRows.length} holds) in ${Math.round(performance.now() - started)} ms`,
  );
  return {
    clinic,
    services,
    providers,
    rooms,
    devices,
    gatedPatientIds: patients.ids.slice(0, GATED_PATIENTS),
    span: { firstDay, days: BUSY_CLINIC.days, from: spanFrom.toString(), to: spanTo.toString() },
    counts: {
      patients: patients.ids.length,
      bookings: bookingRows.length,
      holds: holdRows.length,
      exceptions: exceptions.length,
    },
  };
}

/** The clinic, its protocol, services, staff and equipment, through the repositories. */
async function createSetUp(db: Executor, random: Random) {
  const clinic = await createClinic(db, {
    slug: `busy-clinic-${random.uuid().slice(0, 8)}`,
    name: "Busy Clinic",
    timeZone: BUSY_CLINIC.timeZone,
    policy: {
      minNoticeMinutes: BUSY_CLINIC.minNoticeMinutes,
      slotStepMinutes: BUSY_CLINIC.slotStepMinutes,
      lateCancelHours: 24,
      // The HTTP bench's server runs on the real clock: a century-wide booking horizon keeps
      // the 2030 span searchable whatever today is.
      maxAdvanceDays: 36_500,
    },
    createdAt: BUSY_CLINIC.madeAt,
  });
  // A stored current version, as a clinic that edited its protocol has: searches parse it.
  await addProtocolVersion(db, {
    clinicId: clinic.id,
    version: DEFAULT_PROTOCOL.version,
    document: DEFAULT_PROTOCOL,
    createdAt: BUSY_CLINIC.madeAt,
  });

  const services = {} as Record<ServiceCode, Service>;
  for (const spec of SERVICE_SPECS) {
    services[spec.code] = await createService(db, {
      clinicId: clinic.id,
      code: spec.code,
      name: spec.name,
      durationMinutes: spec.durationMinutes,
      bufferAfterMinutes: spec.bufferAfterMinutes,
      needsRoom: spec.needsRoom,
      deviceKinds: spec.deviceKinds,
      addOn: spec.addOn,
      isTreatment: spec.isTreatment,
    });
  }

  const providers: Provider[] = [];
  for (let i = 0; i < BUSY_CLINIC.providers; i++) {
    // Twelve-hour shifts starting at 07:00, 08:00 or 09:00, six days a week, the day off staggered.
    const startHour = 7 + (i % 3);
    const dayOff = (i % 7) + 1;
    const weeklyHours: WorkingHours[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      if (weekday === dayOff) continue;
      weeklyHours.push({
        weekday: weekday as Weekday,
        startTime: `${String(startHour).padStart(2, "0")}:00`,
        endTime: `${String(startHour + 12).padStart(2, "0")}:00`,
      });
    }
    const skills = ["consultation", "microneedling"];
    if (i % 3 !== 2) skills.push("microneedling_prp");
    if (i % 2 === 0) skills.push("rf_microneedling");
    providers.push(
      await createProvider(db, {
        clinicId: clinic.id,
        name: `Provider ${String(i + 1).padStart(2, "0")}`,
        skills,
        weeklyHours,
      }),
    );
  }

  const exceptions: HoursException[] = [];
  for (const [i, provider] of providers.entries()) {
    // Three whole days off somewhere in the half-year; every fourth provider also works four
    // extra Saturday mornings.
    for (let k = 0; k < 3; k++) {
      const day = addDays(BUSY_CLINIC.firstDay, random.int(BUSY_CLINIC.days));
      exceptions.push(
        await addHoursException(db, {
          clinicId: clinic.id,
          providerId: provider.id,
          kind: "time_off",
          startsAt: startOfDay(day, BUSY_CLINIC.timeZone),
          endsAt: startOfDay(addDays(day, 1), BUSY_CLINIC.timeZone),
          note: "day off",
        }),
      );
    }
    if (i % 4 !== 0) continue;
    for (let k = 0; k < 4; k++) {
      const saturday = addDays(BUSY_CLINIC.firstDay, 5 + 7 * random.int(BUSY_CLINIC.days / 7 - 1));
      const at = (time: string) =>
        Temporal.PlainDateTime.from(`${saturday}T${time}`)
          .toZonedDateTime(BUSY_CLINIC.timeZone)
          .toInstant()
          .toString();
      exceptions.push(
        await addHoursException(db, {
          clinicId: clinic.id,
          providerId: provider.id,
          kind: "extra_hours",
          startsAt: at("06:00"),
          endsAt: at("07:00"),
          note: "early Saturday",
        }),
      );
    }
  }

  const rooms: Room[] = [];
  for (let i = 0; i < BUSY_CLINIC.rooms; i++) {
    rooms.push(await createRoom(db, { clinicId: clinic.id, name: `Room ${i + 1}` }));
  }
  const devices: Device[] = [];
  for (let i = 0; i < BUSY_CLINIC.rfDevices; i++) {
    devices.push(await createDevice(db, { clinicId: clinic.id, name: `RF ${i + 1}`, kind: "rf" }));
  }
  for (let i = 0; i < BUSY_CLINIC.centrifuges; i++) {
    devices.push(
      await createDevice(db, { clinicId: clinic.id, name: `Centrifuge ${i + 1}`, kind: "centrifuge" }),
    );
  }
  return { clinic, services, providers, rooms, devices, exceptions };
}

const CONCERN_POOL = [
  "fine_lines",
  "wrinkles",
  "hyperpigmentation",
  "uneven_skin_tone",
  "enlarged_pores",
  "acne_scars",
  "loose_skin",
  "rough_dull_skin",
] as const;

/** The plan the engine makes for `intake`, as the plans endpoint would store it. */
function planFor(intake: Intake) {
  return buildPlan(
    { ...intake, asOf: "2030-01-01", timeZone: BUSY_CLINIC.timeZone, addOns: [], overrides: [] },
    { protocol: defaultProtocol, now: Temporal.Instant.from(BUSY_CLINIC.madeAt) },
  );
}

function acceptedPlanRow(random: Random, patientId: string, plan: ReturnType<typeof planFor>) {
  const madeAt = dbInstant(Date.parse(BUSY_CLINIC.madeAt));
  return {
    id: random.uuid(),
    patient_id: patientId,
    protocol_version: plan.protocolVersion,
    intake_version: 1,
    data: toDbJson(plan),
    status: "accepted",
    created_at: madeAt,
    accepted_by: null,
    accepted_at: madeAt,
    overrides: toDbJson([]),
  } satisfies Insertable<PlanTable>;
}

/**
 * Adds `count` new patients, each with `ELIGIBLE_INTAKE` and the accepted plan for it, so each
 * may book a treatment at once; returns their ids.
 */
export async function addEligiblePatients(
  store: Store,
  clinic: BusyClinic,
  count: number,
  seed: number,
): Promise<string[]> {
  const random = createRandom(seed);
  const madeAt = dbInstant(Date.parse(BUSY_CLINIC.madeAt));
  const plan = planFor(ELIGIBLE_INTAKE);
  const ids = Array.from({ length: count }, () => random.uuid());
  await withWriteTransaction(store, async (trx) => {
    for (const chunk of chunks(ids, 500)) {
      await trx
        .insertInto("patient")
        .values(
          chunk.map((id) => ({
            id,
            clinic_id: clinic.clinic.id,
            name: `New patient ${id.slice(0, 8)}`,
            email: `${id.slice(0, 8)}@example.test`,
            phone: null,
            time_zone: BUSY_CLINIC.timeZone,
            created_at: madeAt,
          })),
        )
        .execute();
      await trx
        .insertInto("intake_version")
        .values(
          chunk.map((id) => ({
            id: random.uuid(),
            patient_id: id,
            version: 1,
            data: toDbJson(ELIGIBLE_INTAKE),
            created_at: madeAt,
          })),
        )
        .execute();
    }
    for (const chunk of chunks(ids, 100)) {
      await trx
        .insertInto("plan")
        .values(chunk.map((id) => acceptedPlanRow(random, id, plan)))
        .execute();
    }
  });
  return ids;
}

/** Patient, intake and plan rows; the first GATED_PATIENTS patients are the gated ones. */
function planPatients(random: Random, clinicId: string) {
  const ids: string[] = [];
  const rows: Insertable<PatientTable>[] = [];
  const intakes: Insertable<IntakeVersionTable>[] = [];
  const plans: Insertable<PlanTable>[] = [];
  const madeAt = dbInstant(Date.parse(BUSY_CLINIC.madeAt));
  const gatedPlan = planFor(GATED_INTAKE);
  const zones = ["America/New_York", "America/New_York", "America/New_York", "America/Chicago"];
  for (let i = 0; i < BUSY_CLINIC.patients; i++) {
    const id = random.uuid();
    ids.push(id);
    const name = `Patient ${String(i + 1).padStart(4, "0")}`;
    rows.push({
      id,
      clinic_id: clinicId,
      name,
      email: `patient${i + 1}@example.test`,
      phone: null,
      time_zone: random.pick(zones),
      created_at: madeAt,
    });
    const gated = i < GATED_PATIENTS;
    intakes.push({
      id: random.uuid(),
      patient_id: id,
      version: 1,
      data: toDbJson(gated ? GATED_INTAKE : randomIntake(random)),
      created_at: madeAt,
    });
    if (gated) plans.push(acceptedPlanRow(random, id, gatedPlan));
  }
  return { ids, rows, intakes, plans };
}

function randomIntake(random: Random): Intake {
  const medications: MedicationEntry[] = [];
  const roll = random.next();
  if (roll < 0.1) medications.push({ code: "topical_retinoid", ongoing: true });
  else if (roll < 0.2) medications.push({ code: "oral_antibiotic", lastTakenOn: "2029-12-20" });
  return {
    concerns: [
      {
        code: random.pick(CONCERN_POOL),
        severity: random.pick(["mild", "moderate", "moderate", "severe"] as const),
      },
    ],
    medications,
    recentProcedures: [],
    conditions: [],
  };
}

/**
 * Places the bookings by rejection sampling: a service by its share, a provider with the skill,
 * a start on the provider's 15-minute grid inside their working hours; kept when the provider,
 * a room (when needed), a device of each kind and a patient are all free for the buffered block.
 * Uniform over the half-year, so the calendar fragments the way a real one does.
 */
function planBookings(
  random: Random,
  setUp: {
    services: Record<ServiceCode, Service>;
    providers: Provider[];
    rooms: Room[];
    devices: Device[];
    working: Interval[][];
    spanFrom: Temporal.Instant;
  },
): PlannedBooking[] {
  const { services, providers, rooms, devices, working } = setUp;
  const step = BUSY_CLINIC.slotStepMinutes * MINUTE_MS;
  const providerTimelines = providers.map(() => new Timeline());
  const roomTimelines = rooms.map(() => new Timeline());
  const deviceTimelines = devices.map(() => new Timeline());
  const patientTimelines = Array.from({ length: BUSY_CLINIC.patients }, () => new Timeline());
  const planned: PlannedBooking[] = [];

  const skilled = (code: ServiceCode) =>
    providers.flatMap((p, index) => (p.skills.includes(code) ? [index] : []));
  const providersFor = Object.fromEntries(SERVICE_CODES.map((code) => [code, skilled(code)])) as Record<
    ServiceCode,
    number[]
  >;

  /** Tries one booking of `code` with `providerIndex` at a random grid start in a working stretch overlapping [from, to). */
  const tryPlace = (
    code: ServiceCode,
    providerIndex: number,
    patientIndex: number,
    range: { from: number; to: number },
  ): boolean => {
    const service = services[code];
    const duration = service.durationMinutes * MINUTE_MS;
    const before = service.bufferBeforeMinutes * MINUTE_MS;
    const after = service.bufferAfterMinutes * MINUTE_MS;
    const segments = (working[providerIndex] as Interval[]).filter(
      (s) => s.end > range.from && s.start < range.to && s.end - s.start >= duration,
    );
    if (segments.length === 0) return false;
    const segment = random.pick(segments);
    const choices = Math.floor((segment.end - duration - segment.start) / step) + 1;
    const start = segment.start + random.int(choices) * step;
    const end = start + duration;
    const blockStart = start - before;
    const blockEnd = end + after;
    if (!(providerTimelines[providerIndex] as Timeline).isFree(blockStart, blockEnd)) return false;
    if (!(patientTimelines[patientIndex] as Timeline).isFree(blockStart, blockEnd)) return false;
    let roomIndex: number | null = null;
    if (service.needsRoom) {
      const offset = random.int(rooms.length);
      for (let k = 0; k < rooms.length && roomIndex === null; k++) {
        const r = (offset + k) % rooms.length;
        if ((roomTimelines[r] as Timeline).isFree(blockStart, blockEnd)) roomIndex = r;
      }
      if (roomIndex === null) return false;
    }
    const deviceIndexes: number[] = [];
    for (const kind of service.deviceKinds) {
      const candidates = devices.flatMap((d, index) => (d.kind === kind ? [index] : []));
      const free = candidates.find((d) => (deviceTimelines[d] as Timeline).isFree(blockStart, blockEnd));
      if (free === undefined) return false;
      deviceIndexes.push(free);
    }
    for (const timeline of [
      providerTimelines[providerIndex],
      patientTimelines[patientIndex],
      roomIndex === null ? undefined : roomTimelines[roomIndex],
      ...deviceIndexes.map((d) => deviceTimelines[d]),
    ]) {
      timeline?.add(blockStart, blockEnd);
    }
    planned.push({
      service,
      providerIndex,
      roomIndex,
      deviceIndexes,
      patientIndex,
      start,
      end,
      blockStart,
      blockEnd,
    });
    return true;
  };

  // The gated patients' sessions first, on their fixed days.
  const dayFrom = (offset: number) =>
    Date.parse(startOfDay(addDays(BUSY_CLINIC.firstDay, offset), BUSY_CLINIC.timeZone));
  for (let j = 0; j < GATED_PATIENTS; j++) {
    for (const offset of [GATED_STRIDE_DAYS * j, GATED_STRIDE_DAYS * j + GATED_SPACING_DAYS]) {
      const range = { from: dayFrom(offset), to: dayFrom(offset + 1) };
      let placed = false;
      for (let attempt = 0; attempt < 500 && !placed; attempt++) {
        const code: ServiceCode = random.next() < 0.5 ? "microneedling" : "rf_microneedling";
        placed = tryPlace(code, random.pick(providersFor[code]), j, range);
      }
      if (!placed) throw new Error(`could not place gated patient ${j}'s session on day ${offset}`);
    }
  }

  const whole = { from: setUp.spanFrom.epochMilliseconds, to: Number.POSITIVE_INFINITY };
  const cumulative: number[] = [];
  let total = 0;
  for (const spec of SERVICE_SPECS) {
    total += spec.share;
    cumulative.push(total);
  }
  const maxAttempts = BUSY_CLINIC.bookings * 50;
  for (let attempt = 0; planned.length < BUSY_CLINIC.bookings; attempt++) {
    if (attempt >= maxAttempts) {
      throw new Error(`placed only ${planned.length} of ${BUSY_CLINIC.bookings} bookings`);
    }
    const roll = random.next() * total;
    const spec = SERVICE_SPECS[cumulative.findIndex((c) => roll < c)] as ServiceSpec;
    const patientIndex = GATED_PATIENTS + random.int(BUSY_CLINIC.patients - GATED_PATIENTS);
    tryPlace(spec.code, random.pick(providersFor[spec.code]), patientIndex, whole);
  }
  return planned;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}
