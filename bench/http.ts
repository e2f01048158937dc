import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import type { Weekday, WorkingHours } from "../src/domain/clinic/types.js";
import { SESSION_COOKIE } from "../src/http/auth/session-cookie.js";
import { hashToken, newSecretToken } from "../src/services/accounts/tokens.js";
import { createAccount } from "../src/store/account.repository.js";
import { createAuthSession } from "../src/store/auth-session.repository.js";
import { createClinic } from "../src/store/clinic.repository.js";
import type { Store } from "../src/store/database.js";
import { createProvider } from "../src/store/provider.repository.js";
import { createService } from "../src/store/service.repository.js";
import { withWriteTransaction } from "../src/store/transaction.js";
import {
  emit,
  isInterrupted,
  type LoopBounds,
  progress,
  round,
  summarize,
  timeSequential,
} from "./harness.js";
import type { BenchContext } from "./registry.js";
import { type BenchServer, postgresCpuMs, startBenchServer } from "./server.js";
import { type SearchWindow, searchWindows, WINDOW_DAYS } from "./slots.js";

/**
 * The real server (`src/main.ts` in its own process, as `npm start` runs it) against the bench
 * database, loaded with autocannon from this process: bookings by a front-desk session, then
 * sequential slot searches in the busy clinic. Both processes share the machine's cores.
 */
const BOOKING = {
  service: "consultation",
  providers: 8,
  /** Minutes per booking; the providers work round the clock, so every half hour is free. */
  stepMinutes: 30,
  connections: 24,
  durationSeconds: 10,
  /** Untimed first: the server's JIT and statement caches warm up. */
  warmupRequests: 1_000,
  /** More targets (and patients) than the run can use at any plausible rate. */
  targets: 40_000,
};
/** PostgreSQL only: the same load split across two servers on one database, as two app instances. */
const INSTANCES = 2;
const SLOT_LOOP: LoopBounds = { warmup: 20, iterations: 200, maxMs: 10_000 };
const SLOT_SERVICE = "rf_microneedling";

interface BookingTarget {
  patientId: string;
  providerId: string;
  startsAt: string;
}

interface BookingSetUp {
  cookie: string;
  targets: BookingTarget[];
}

export async function runHttpBench(context: BenchContext): Promise<void> {
  const { database } = context;
  const { store } = database;
  const setUp = await prepareBookingClinic(store);
  const busy = await context.busyClinic();
  if (isInterrupted()) return;
  const server = await startBenchServer(database.serverUrl);
  try {
    progress(`${store.dialect}: server at ${server.baseUrl}`);
    // Searches first: after the booking load the server is still sending that load's messages,
    // and the searches would time that work too.
    await runSlotSearch(
      store,
      server,
      busy.clinic.slug,
      searchWindows(busy, SLOT_LOOP.warmup + SLOT_LOOP.iterations),
    );
    if (isInterrupted()) return;
    const bookings = new BookingLoad(setUp);
    await runBookingRate(store, [server], bookings);
    if (isInterrupted()) return;
    if (store.dialect === "postgres") {
      // A second instance on the same schema; SQLite has one writer, so two instances only queue.
      const second = await startBenchServer(database.serverUrl);
      try {
        await runBookingRate(store, [server, second], bookings);
      } finally {
        await second.stop();
      }
    }
  } finally {
    await server.stop();
  }
}

/**
 * A clinic in UTC whose providers work every day 00:00–24:00, a 30-minute `consultation` (not a
 * treatment, no room: no protocol gate, no intake needed), one fresh patient per target, and a
 * front-desk account with a live session. Targets are distinct (provider, half hour) pairs from
 * two days ahead on, so no two bookings compete for anything.
 */
async function prepareBookingClinic(store: Store): Promise<BookingSetUp> {
  const token = newSecretToken();
  const now = new Date();
  const targets = await withWriteTransaction(store, async (trx) => {
    const clinic = await createClinic(trx, {
      slug: `http-bench-${randomUUID().slice(0, 8)}`,
      name: "HTTP bench clinic",
      timeZone: "UTC",
      policy: { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 365 },
      createdAt: now.toISOString(),
    });
    await createService(trx, {
      clinicId: clinic.id,
      code: BOOKING.service,
      name: "Consultation",
      durationMinutes: BOOKING.stepMinutes,
      needsRoom: false,
      deviceKinds: [],
      addOn: null,
      isTreatment: false,
    });
    const weeklyHours: WorkingHours[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday: weekday as Weekday,
      startTime: "00:00",
      endTime: "24:00",
    }));
    const providerIds: string[] = [];
    for (let i = 0; i < BOOKING.providers; i++) {
      const provider = await createProvider(trx, {
        clinicId: clinic.id,
        name: `Provider ${i + 1}`,
        skills: [BOOKING.service],
        weeklyHours,
      });
      providerIds.push(provider.id);
    }
    const patientIds = Array.from({ length: BOOKING.targets }, () => randomUUID());
    const madeAt = now.toISOString();
    for (let i = 0; i < patientIds.length; i += 500) {
      await trx
        .insertInto("patient")
        .values(
          patientIds.slice(i, i + 500).map((id) => ({
            id,
            clinic_id: clinic.id,
            name: `HTTP patient ${id.slice(0, 8)}`,
            email: `${id}@example.test`,
            phone: null,
            time_zone: "UTC",
            created_at: madeAt,
          })),
        )
        .execute();
    }
    const account = await createAccount(trx, {
      clinicId: clinic.id,
      email: `front-desk-${clinic.slug}@example.test`,
      name: "Front desk",
      role: "front_desk",
      passwordHash: "not-used",
      createdAt: madeAt,
    });
    await createAuthSession(trx, {
      tokenHash: hashToken(token),
      accountId: account.id,
      createdAt: madeAt,
      expiresAt: "2099-01-01T00:00:00Z",
    });
    const firstDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2);
    const stepMs = BOOKING.stepMinutes * 60_000;
    return patientIds.map((patientId, i) => ({
      patientId,
      providerId: providerIds[i % BOOKING.providers] as string,
      startsAt: new Date(firstDay + Math.floor(i / BOOKING.providers) * stepMs).toISOString(),
    }));
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, targets };
}

/** Hands out the booking targets across runs and servers, and counts answers other than 201. */
class BookingLoad {
  next = 0;
  readonly wrong = new Map<number, number>();
  constructor(readonly setUp: BookingSetUp) {}

  /** autocannon on one server; each request books the next unused target. */
  run(server: BenchServer, connections: number, options: { durationSeconds?: number; amount?: number }) {
    const { setUp, wrong } = this;
    return autocannon({
      url: server.baseUrl,
      connections,
      ...(options.amount !== undefined
        ? { amount: options.amount }
        : {
            duration: options.durationSeconds,
            maxOverallRequests: Math.floor((setUp.targets.length - this.next) / INSTANCES),
          }),
      timeout: 30,
      requests: [
        {
          method: "POST",
          path: "/api/v1/bookings",
          setupRequest: (request) => {
            const index = this.next++;
            const target = setUp.targets[index];
            if (target === undefined) throw new Error("ran out of booking targets");
            return {
              ...request,
              headers: {
                "content-type": "application/json",
                cookie: setUp.cookie,
                origin: server.baseUrl,
                "idempotency-key": `http-bench-${index}`,
              },
              body: JSON.stringify({
                patientId: target.patientId,
                service: BOOKING.service,
                startsAt: target.startsAt,
                providerId: target.providerId,
              }),
            };
          },
          onResponse: (status, body) => {
            if (status === 201) return;
            const seen = (wrong.get(status) ?? 0) + 1;
            wrong.set(status, seen);
            if (seen <= 3) progress(`booking answered ${status}: ${body.slice(0, 300)}`);
          },
        },
      ],
    });
  }

  /** Answers other than 201 since the last call. */
  takeWrong(): number {
    const n = [...this.wrong.values()].reduce((a, b) => a + b, 0);
    this.wrong.clear();
    return n;
  }
}

/**
 * Warms each server up, then loads them all at once for the same time, the connections split
 * evenly; with more than one server the figure is `http_booking_instances` and the latencies
 * are the worst server's.
 */
async function runBookingRate(store: Store, servers: BenchServer[], bookings: BookingLoad): Promise<void> {
  for (const server of servers) await bookings.run(server, 8, { amount: BOOKING.warmupRequests });
  const warmupWrong = bookings.takeWrong();
  if (isInterrupted()) return;
  const connections = Math.ceil(BOOKING.connections / servers.length);
  const cpuBefore = servers.map((server) => server.cpuMs());
  const dbCpuBefore = store.dialect === "postgres" ? postgresCpuMs() : undefined;
  const clientCpuBefore = process.cpuUsage();
  const results = await Promise.all(
    servers.map((server) => bookings.run(server, connections, { durationSeconds: BOOKING.durationSeconds })),
  );
  const statuses = [...bookings.wrong.entries()].map(([status, n]) => `${status}×${n}`).join(", ");
  const non201 = bookings.takeWrong();
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  const created = total - non201;
  const duration = Math.max(...results.map((r) => r.duration));
  const cpuUsed = servers.map((server, i) => (server.cpuMs() ?? Number.NaN) - (cpuBefore[i] ?? Number.NaN));
  const serverCpuMs = cpuUsed.reduce((a, b) => a + b, 0) / created;
  // Where the two cores go per booking: the server(s), PostgreSQL, and this process (autocannon).
  const dbCpuMs = ((postgresCpuMs() ?? Number.NaN) - (dbCpuBefore ?? Number.NaN)) / created;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000 / created;
  const errors = results.reduce((n, r) => n + r.errors, 0);
  const latency = {
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    max: Math.max(...results.map((r) => r.latency.max)),
  };
  const bench = servers.length === 1 ? "http_booking" : "http_booking_instances";
  emit({
    bench,
    db: store.dialect,
    instances: servers.length,
    connections: connections * servers.length,
    service: BOOKING.service,
    per_s: round(created / duration, 1),
    ...(Number.isFinite(serverCpuMs) ? { server_cpu_ms: round(serverCpuMs, 2) } : {}),
    ...(Number.isFinite(dbCpuMs) ? { db_cpu_ms: round(dbCpuMs, 2) } : {}),
    client_cpu_ms: round(clientCpuMs, 2),
    p50_ms: latency.p50,
    p99_ms: latency.p99,
    max_ms: latency.max,
    count: created,
    non_2xx: results.reduce((n, r) => n + r.non2xx, 0),
    non_201: non201,
    errors,
    duration_s: round(duration, 2),
  });
  progress(
    `${store.dialect} ${bench}: ${round(created / duration, 1)}/s, p50 ${latency.p50} ms, p99 ${latency.p99} ms` +
      (non201 + warmupWrong + errors > 0
        ? ` — NOT 201: ${statuses || "none"}; warm-up ${warmupWrong}; connection errors ${errors}`
        : ""),
  );
}

/** One 31-day search after another over keep-alive HTTP, as a browser would, no patient. */
async function runSlotSearch(
  store: Store,
  server: BenchServer,
  slug: string,
  windows: SearchWindow[],
): Promise<void> {
  const slotCounts: number[] = [];
  let failures = 0;
  const run = await timeSequential(SLOT_LOOP, async (i) => {
    const window = windows[i % windows.length] as SearchWindow;
    const query = new URLSearchParams({ service: SLOT_SERVICE, from: window.from, to: window.to });
    const response = await fetch(`${server.baseUrl}/api/v1/clinics/${slug}/slots?${query}`);
    const body = await response.text();
    if (response.status !== 200) {
      failures++;
      if (failures <= 3) progress(`slot search answered ${response.status}: ${body.slice(0, 300)}`);
      return;
    }
    if (i >= SLOT_LOOP.warmup) slotCounts.push((JSON.parse(body) as { slots: unknown[] }).slots.length);
  });
  const summary = summarize(run.samples);
  const sortedCounts = slotCounts.sort((a, b) => a - b);
  emit({
    bench: "http_slot_search",
    db: store.dialect,
    service: SLOT_SERVICE,
    patient: false,
    p50_ms: summary.p50_ms,
    p99_ms: summary.p99_ms,
    slots: sortedCounts[Math.floor(sortedCounts.length / 2)] ?? 0,
    window_days: WINDOW_DAYS,
    iterations: summary.iterations,
    failures,
  });
  progress(
    `${store.dialect} http_slot_search: p50 ${summary.p50_ms} ms, p99 ${summary.p99_ms} ms, ${summary.iterations} runs, ${failures} failures`,
  );
}
