import { type SlotSearchInput, searchSlots } from "../src/domain/scheduling/slot-search.js";
import { fixedClock } from "../src/domain/time/clock.js";
import { findSlots, loadSearchBase } from "../src/services/booking/slot-search.service.js";
import { ClinicSetupCache, loadClinicSetup } from "../src/services/clinic/clinic-setup.js";
import type { ServiceDeps } from "../src/services/service-deps.js";
import {
  BUSY_CLINIC,
  type BusyClinic,
  dayStart,
  gatedPatientFor,
  SERVICE_CODES,
  type ServiceCode,
} from "./busy-clinic.js";
import {
  cpuMs,
  createRandom,
  emit,
  isInterrupted,
  type LoopBounds,
  percentile,
  progress,
  round,
  summarize,
  timeSequential,
  yieldToEventLoop,
} from "./harness.js";
import type { BenchContext } from "./registry.js";

export const WINDOW_DAYS = 31;
/**
 * 200 timed searches per figure; a figure stops early once 10 s have passed, so a slow build
 * still finishes the whole run in minutes (its `iterations` then says how many ran).
 */
const LOOP: LoopBounds = { warmup: 20, iterations: 200, maxMs: 10_000 };
/** The service whose in-memory search is timed alone: it weighs a provider, a room and a device. */
const PURE_SERVICE: ServiceCode = "rf_microneedling";

export interface SearchWindow {
  from: string;
  to: string;
  /** The search runs as if "now" were midday the day before the window opens. */
  now: string;
  /** The window's first clinic day, counted from the clinic's first day. */
  dayOffset: number;
}

/** Windows of 31 clinic days starting at local midnight on days spread over the half-year. */
export function searchWindows(clinic: BusyClinic, count: number): SearchWindow[] {
  const random = createRandom(31_031);
  const lastStart = clinic.span.days - WINDOW_DAYS;
  return Array.from({ length: count }, () => {
    const dayOffset = random.int(lastStart + 1);
    const from = dayStart(clinic, dayOffset);
    return {
      from,
      to: dayStart(clinic, dayOffset + WINDOW_DAYS),
      now: new Date(Date.parse(from) - 12 * 3_600_000).toISOString(),
      dayOffset,
    };
  });
}

/**
 * A 31-day slot search through the real service (`findSlots`: reads the clinic, service,
 * protocol, resources, exceptions and holds, and for a patient their intake, plans and bookings,
 * then searches), for each service, without and with a gated patient.
 */
export async function runSlotSearchBench(context: BenchContext): Promise<void> {
  const { store } = context.database;
  const clinic = await context.busyClinic();
  const windows = searchWindows(clinic, LOOP.warmup + LOOP.iterations);
  const windowAt = (i: number) => windows[i % windows.length] as SearchWindow;
  // As in a running server: the clinic's setup is read once and kept while its revision holds.
  const setupCache = new ClinicSetupCache();

  for (const serviceCode of SERVICE_CODES) {
    for (const withPatient of [false, true]) {
      const slotCounts: number[] = [];
      const run = await timeSequential(LOOP, async (i) => {
        const window = windowAt(i);
        const deps: ServiceDeps = { store, clock: fixedClock(window.now), setupCache };
        const answer = await findSlots(deps, {
          clinicId: clinic.clinic.id,
          serviceCode,
          from: window.from,
          to: window.to,
          patientId: withPatient ? gatedPatientFor(clinic, window.dayOffset) : undefined,
        });
        if (i >= LOOP.warmup) slotCounts.push(answer.slots.length);
      });
      const summary = summarize(run.samples);
      emit({
        bench: "slot_search",
        db: store.dialect,
        service: serviceCode,
        patient: withPatient,
        p50_ms: summary.p50_ms,
        p99_ms: summary.p99_ms,
        cpu_ms: round(run.cpuMsPerOp, 3),
        slots: median(slotCounts),
        window_days: WINDOW_DAYS,
        iterations: summary.iterations,
      });
      const early = summary.iterations < LOOP.iterations ? " (stopped early: time bound)" : "";
      progress(
        `${store.dialect} slot_search ${serviceCode} patient=${withPatient}: p50 ${summary.p50_ms} ms, p99 ${summary.p99_ms} ms, ${summary.iterations} runs${early}`,
      );
    }
  }

  if (context.first) await runPureSearch(context, clinic, windowAt);
}

/**
 * `searchSlots` alone over the same windows, its inputs read beforehand: the difference from
 * `slot_search` is what reading them from the database costs. The inputs do not depend on the
 * database, so this runs once.
 */
async function runPureSearch(
  context: BenchContext,
  clinic: BusyClinic,
  windowAt: (i: number) => SearchWindow,
): Promise<void> {
  const { store } = context.database;
  const service = clinic.services[PURE_SERVICE];
  const setup = await loadClinicSetup(store.db, clinic.clinic.id, BUSY_CLINIC.madeAt);
  const protocol = setup.protocol.protocol;
  for (const withPatient of [false, true]) {
    const loadInput = async (i: number): Promise<SlotSearchInput> => {
      const window = windowAt(i);
      const { base } = await loadSearchBase(store.db, {
        dialect: store.dialect,
        setup,
        service,
        protocol,
        from: window.from,
        to: window.to,
        now: window.now,
        patientId: withPatient ? gatedPatientFor(clinic, window.dayOffset) : undefined,
      });
      return { ...base, window: { from: window.from, to: window.to } };
    };
    // Each search gets a freshly read input, as in findSlots; only searchSlots is timed.
    for (let i = 0; i < LOOP.warmup; i++) {
      searchSlots(await loadInput(i));
      await yieldToEventLoop();
    }
    const samples: number[] = [];
    const slotCounts: number[] = [];
    const started = performance.now();
    let cpu = 0;
    for (let i = LOOP.warmup; i < LOOP.warmup + LOOP.iterations && !isInterrupted(); i++) {
      await yieldToEventLoop();
      const input = await loadInput(i);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const slots = searchSlots(input);
      samples.push(performance.now() - t0);
      cpu += cpuMs(cpu0);
      slotCounts.push(slots.length);
      if (performance.now() - started > LOOP.maxMs) break;
    }
    const summary = summarize(samples);
    emit({
      bench: "slot_search_pure",
      service: PURE_SERVICE,
      patient: withPatient,
      p50_ms: summary.p50_ms,
      p99_ms: summary.p99_ms,
      cpu_ms: round(cpu / samples.length, 3),
      slots: median(slotCounts),
      window_days: WINDOW_DAYS,
      iterations: summary.iterations,
    });
    progress(`slot_search_pure patient=${withPatient}: p50 ${summary.p50_ms} ms, p99 ${summary.p99_ms} ms`);
  }
}

function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}
