import { sql } from "kysely";
import type { Slot } from "../src/domain/scheduling/slot-search.js";
import { fixedClock } from "../src/domain/time/clock.js";
import { bookAppointment } from "../src/services/booking/book-appointment.service.js";
import { findSlots } from "../src/services/booking/slot-search.service.js";
import { ClinicSetupCache } from "../src/services/clinic/clinic-setup.js";
import type { ServiceDeps } from "../src/services/service-deps.js";
import type { Store } from "../src/store/database.js";
import { withWriteTransaction } from "../src/store/transaction.js";
import { addEligiblePatients, BUSY_CLINIC, type BusyClinic, dayStart } from "./busy-clinic.js";
import { emit, progress, round, summarize, type ThroughputRun, timeThroughput } from "./harness.js";
import { countLogWrites } from "./log-writes.js";
import type { BenchContext } from "./registry.js";
import { countRoundTrips } from "./round-trips.js";

/**
 * The real write path: a new patient with an eligible intake and an accepted plan books a
 * `microneedling` session (a treatment, so the protocol gate runs: intake, plan overrides, the
 * patient's bookings, eligibility) at a free time in the busy clinic, with an Idempotency-Key as
 * a careful client sends it. One transaction re-reads and re-checks everything, writes the
 * booking, its holds, the outbox event and the idempotency record.
 */
const SERVICE = "microneedling";
const CONCURRENCY = 16;
const WARMUP_BOOKINGS = 20;
/**
 * Booked one at a time, after the warm-up, to count what each sends to PostgreSQL or writes to
 * SQLite's log.
 */
const ROUND_TRIP_BOOKINGS = 20;
/**
 * SQLite only: booked `CONCURRENCY` at a time, after those, to count the log's pages when
 * bookings share their commits (`SqliteGroupCommit`), as they do under load.
 */
const SHARED_COMMIT_BOOKINGS = 4 * CONCURRENCY;
/** Per mode; the time bound keeps a slow build from dragging the run out. */
const BOOKINGS = { count: 700, maxMs: 10_000 };
const RAW_INSERTS = { warmup: 500, count: 20_000, maxMs: 3_000 };
const RAW_TABLE = "bench_raw_insert";

type Mode = "sequential" | "concurrent";
const MODES: readonly { mode: Mode; concurrency: number }[] = [
  { mode: "sequential", concurrency: 1 },
  { mode: "concurrent", concurrency: CONCURRENCY },
];

export async function runBookingBench(context: BenchContext): Promise<void> {
  const { store } = context.database;
  const clinic = await context.busyClinic();
  const wanted =
    WARMUP_BOOKINGS + ROUND_TRIP_BOOKINGS + SHARED_COMMIT_BOOKINGS + BOOKINGS.count * MODES.length;
  const targets = await freeTargets(store, clinic, wanted);
  const patients = await addEligiblePatients(store, clinic, targets.length, 4_242);
  if (targets.length < wanted) {
    progress(`${store.dialect}: only ${targets.length} free target slots for ${wanted} bookings`);
  }
  // As in a running server: the clinic's setup is read once and kept while its revision holds.
  const deps: ServiceDeps = {
    store,
    clock: fixedClock(BUSY_CLINIC.madeAt),
    setupCache: new ClinicSetupCache(),
  };
  let next = 0;
  const book = async () => {
    const index = next++;
    const slot = targets[index];
    if (slot === undefined) throw new Error("ran out of free target slots");
    await bookAppointment(deps, {
      clinicId: clinic.clinic.id,
      patientId: patients[index] as string,
      serviceCode: SERVICE,
      startsAt: slot.startsAt,
      providerId: slot.providerId,
      idempotencyKey: `bench-booking-${index}`,
    });
  };

  for (let i = 0; i < WARMUP_BOOKINGS; i++) await book();
  const bookCounted = async () => {
    for (let i = 0; i < ROUND_TRIP_BOOKINGS; i++) await book();
  };
  if (store.dialect === "postgres") {
    const sent = await countRoundTrips(bookCounted);
    emit({
      bench: "booking_round_trips",
      db: store.dialect,
      service: SERVICE,
      writes_per_booking: round(sent.writes / ROUND_TRIP_BOOKINGS, 2),
      statements_per_booking: round(sent.statements / ROUND_TRIP_BOOKINGS, 2),
    });
  } else {
    const alone = await countLogWrites(store, bookCounted);
    const shared = await countLogWrites(store, async () => {
      for (let i = 0; i < SHARED_COMMIT_BOOKINGS; i += CONCURRENCY) {
        await Promise.all(Array.from({ length: CONCURRENCY }, book));
      }
    });
    if (alone !== undefined && shared !== undefined) {
      emit({
        bench: "booking_log_writes",
        db: store.dialect,
        service: SERVICE,
        pages_per_booking: round(alone.frames / ROUND_TRIP_BOOKINGS, 1),
        [`pages_per_booking_${CONCURRENCY}_at_a_time`]: round(shared.frames / SHARED_COMMIT_BOOKINGS, 1),
      });
    }
  }
  const bookingRuns = new Map<Mode, ThroughputRun>();
  for (const { mode, concurrency } of MODES) {
    const count = Math.min(BOOKINGS.count, targets.length - next);
    const run = await timeThroughput({ count, concurrency, maxMs: BOOKINGS.maxMs }, book);
    bookingRuns.set(mode, run);
    printRate("booking", store, mode, concurrency, run, { service: SERVICE });
  }

  await createRawTable(store);
  let rawId = 0;
  const rawInsert = () => {
    const id = rawId++;
    return withWriteTransaction(store, async (trx) => {
      await sql`insert into ${sql.table(RAW_TABLE)} (id, created_at) values (${id}, ${BUSY_CLINIC.madeAt})`.execute(
        trx,
      );
    });
  };
  for (let i = 0; i < RAW_INSERTS.warmup; i++) await rawInsert();
  for (const { mode, concurrency } of MODES) {
    const raw = await timeThroughput(
      { count: RAW_INSERTS.count, concurrency, maxMs: RAW_INSERTS.maxMs },
      rawInsert,
    );
    printRate("raw_insert", store, mode, concurrency, raw, {});
    const booking = bookingRuns.get(mode);
    if (booking === undefined) continue;
    emit({
      bench: "booking_vs_raw",
      db: store.dialect,
      mode,
      ratio: round(rate(booking) / rate(raw), 4),
    });
  }
}

function rate(run: ThroughputRun): number {
  return run.samples.length / (run.elapsedMs / 1000);
}

function printRate(
  bench: "booking" | "raw_insert",
  store: Store,
  mode: Mode,
  concurrency: number,
  run: ThroughputRun,
  extra: Record<string, string>,
): void {
  const summary = summarize(run.samples);
  emit({
    bench,
    db: store.dialect,
    mode,
    concurrency,
    ...extra,
    per_s: round(rate(run), 1),
    p50_ms: summary.p50_ms,
    p99_ms: summary.p99_ms,
    cpu_ms: round(run.cpuMsPerOp, 3),
    count: run.samples.length,
    failures: run.failures,
  });
  progress(`${store.dialect} ${bench} ${mode}: ${round(rate(run), 1)}/s, p99 ${summary.p99_ms} ms`);
}

/**
 * Free `SERVICE` slots in the busy clinic, none overlapping another in time (buffer included),
 * so the timed bookings never compete with each other: every failure would be the engine's.
 */
async function freeTargets(store: Store, clinic: BusyClinic, count: number): Promise<Slot[]> {
  const deps: ServiceDeps = { store, clock: fixedClock(BUSY_CLINIC.madeAt) };
  const service = clinic.services[SERVICE];
  const blockMs =
    (service.durationMinutes + service.bufferAfterMinutes + service.bufferBeforeMinutes) * 60_000;
  const targets: Slot[] = [];
  let freeFrom = 0;
  for (let day = 0; day < clinic.span.days && targets.length < count; day += 31) {
    const { slots } = await findSlots(deps, {
      clinicId: clinic.clinic.id,
      serviceCode: SERVICE,
      from: dayStart(clinic, day),
      to: dayStart(clinic, Math.min(day + 31, clinic.span.days)),
    });
    for (const slot of slots) {
      const start = Date.parse(slot.startsAt) - service.bufferBeforeMinutes * 60_000;
      if (start < freeFrom) continue;
      targets.push(slot);
      freeFrom = start + blockMs;
      if (targets.length >= count) break;
    }
  }
  return targets;
}

async function createRawTable(store: Store): Promise<void> {
  await store.db.schema
    .createTable(RAW_TABLE)
    .ifNotExists()
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}
