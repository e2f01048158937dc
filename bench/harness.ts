/**
 * What every bench shares: a seeded PRNG, timing loops bounded in count and time, percentiles,
 * and the two output channels (one JSON line per figure on stdout, progress on stderr).
 */

let interrupted = false;

/** One printed figure: flat, so `jq` and spreadsheets read it as is. */
export type Figure = { bench: string } & Record<string, string | number | boolean>;

/** After Ctrl-C the databases go away under the running bench: print nothing more from it. */
export function markInterrupted(): void {
  interrupted = true;
}

export function isInterrupted(): boolean {
  return interrupted;
}

export function emit(figure: Figure): void {
  if (interrupted) return;
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

export function progress(message: string): void {
  if (!interrupted) process.stderr.write(`[bench] ${message}\n`);
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in [0, n). */
    int: (n: number): number => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)] as T;
    },
    /** A UUID-shaped id drawn from the sequence, so rebuilt data gets the same ids. */
    uuid(): string {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    },
  };
}

export type Random = ReturnType<typeof createRandom>;

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export interface LatencySummary {
  iterations: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    iterations: sorted.length,
    p50_ms: round(percentile(sorted, 50), 3),
    p99_ms: round(percentile(sorted, 99), 3),
    max_ms: round(sorted[sorted.length - 1] ?? Number.NaN, 3),
  };
}

export interface LoopBounds {
  /** Untimed runs first, so the JIT, the statement caches and the page cache are warm. */
  warmup: number;
  /** Timed runs wanted. */
  iterations: number;
  /** Stop early past this many ms of timed work, so a slow build cannot hang the run. */
  maxMs: number;
}

/** This process's CPU time (user + system) in ms since `since`, or since start. */
export function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

export interface SequentialRun {
  /** Each timed run's latency, ms. */
  samples: number[];
  /**
   * This process's CPU time per timed run, ms. On a shared machine wall times stretch when
   * others run; CPU time mostly does not, so it shows whether a change made the code faster.
   */
  cpuMsPerOp: number;
}

let lastTurn = 0;

/**
 * Lets the event loop turn every 20 ms or so. On SQLite every query resolves at once, so a loop
 * of awaits never leaves the microtask queue and would not see Ctrl-C until the bench ended;
 * turning more often would tax the ~20 µs raw inserts.
 */
export async function yieldToEventLoop(): Promise<void> {
  const now = performance.now();
  if (now - lastTurn < 20) return;
  lastTurn = now;
  await new Promise((resolve) => setImmediate(resolve));
}

/** Runs `op(i)` `warmup` times untimed, then up to `iterations` times timed one by one. */
export async function timeSequential(
  bounds: LoopBounds,
  op: (index: number) => Promise<unknown>,
): Promise<SequentialRun> {
  for (let i = 0; i < bounds.warmup; i++) {
    await op(i);
    await yieldToEventLoop();
  }
  const samples: number[] = [];
  const started = performance.now();
  let cpu = 0;
  for (let i = 0; i < bounds.iterations && !interrupted; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await op(bounds.warmup + i);
    samples.push(performance.now() - t0);
    cpu += cpuMs(cpu0);
    if (performance.now() - started > bounds.maxMs) break;
    await yieldToEventLoop();
  }
  return { samples, cpuMsPerOp: cpu / samples.length };
}

export interface ThroughputRun {
  /** Per-operation latencies in ms, completed operations only. */
  samples: number[];
  failures: number;
  /** Wall-clock time of the timed part, ms. */
  elapsedMs: number;
  /** This process's CPU time per completed operation, ms (see SequentialRun). */
  cpuMsPerOp: number;
}

/**
 * Keeps `concurrency` operations in flight until `count` have started or `maxMs` has passed.
 * A failed operation is counted and not retried; the first few failures are logged. With more
 * than one in flight the workers never yield (one parked worker would stay parked while the
 * others run, and the number in flight would dwindle), so on SQLite Ctrl-C waits for the phase
 * to end, at most `maxMs`.
 */
export async function timeThroughput(
  options: { count: number; concurrency: number; maxMs: number },
  op: (index: number) => Promise<unknown>,
): Promise<ThroughputRun> {
  const samples: number[] = [];
  let failures = 0;
  let started = 0;
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (started < options.count && performance.now() - t0 < options.maxMs && !interrupted) {
      const index = started++;
      const begin = performance.now();
      try {
        await op(index);
        samples.push(performance.now() - begin);
      } catch (error) {
        failures++;
        if (failures <= 3 && !interrupted) progress(`operation ${index} failed: ${String(error)}`);
      }
      if (options.concurrency === 1) await yieldToEventLoop();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  const cpuMsPerOp = cpuMs(cpu) / Math.max(1, samples.length);
  await new Promise((resolve) => setImmediate(resolve));
  return { samples, failures, elapsedMs, cpuMsPerOp };
}
