import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { databasePoolStats, outboxLagSeconds } from "../services/ops/readiness.service.js";
import type { AppContext } from "./app-context.js";
import { sendProblem } from "./error-handler.js";
import { PROBLEM_CONTENT_TYPE, problemOf } from "./problem.js";

/** Routes that create bookings: their answers are counted as bookings created or refused. */
const BOOKING_ROUTES = new Set(["POST /api/v1/bookings", "POST /api/v1/bookings/series"]);
const SLOT_SEARCH_ROUTE = "GET /api/v1/clinics/:slug/slots";

/** Label for requests no route matched: their URLs could carry anything, so they are not labels. */
const UNMATCHED = "(unmatched)";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Prometheus metrics for one app. The registry is the app's own (never prom-client's global one),
 * so tests and benchmarks can build many apps in one process. Labels are route patterns
 * (`/api/v1/bookings/:bookingId`), methods, statuses and problem codes: never a URL, an id or
 * anything a patient typed.
 */
export function registerMetrics(app: FastifyInstance, ctx: AppContext, token: string | null): void {
  const registry = new Registry();
  const requests = new Histogram({
    name: "regimen_http_request_duration_seconds",
    help: "HTTP requests by route pattern, method and status, with their latency",
    labelNames: ["method", "route", "status"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const bookings = new Counter({
    name: "regimen_bookings_total",
    help: "Booking requests answered: created, or refused with the problem code",
    labelNames: ["outcome", "code"] as const,
    registers: [registry],
  });
  const slotSearch = new Histogram({
    name: "regimen_slot_search_duration_seconds",
    help: "Slot searches, by status, with their latency",
    labelNames: ["status"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: "regimen_db_pool_connections",
    help: "PostgreSQL connection pool: total, idle and waiting clients (absent on SQLite)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const stats = databasePoolStats(ctx.store);
      if (stats === undefined) return;
      this.set({ state: "total" }, stats.total);
      this.set({ state: "idle" }, stats.idle);
      this.set({ state: "waiting" }, stats.waiting);
    },
  });
  new Gauge({
    name: "regimen_outbox_lag_seconds",
    help: "Age of the oldest outbox event not yet processed (0 when none waits)",
    registers: [registry],
    async collect() {
      this.set(await outboxLagSeconds(ctx.store, ctx.clock.now().epochMilliseconds));
    },
  });
  const failedMessages = ctx.failedMessages;
  if (failedMessages !== undefined) {
    new Gauge({
      name: "regimen_messages_failed",
      help: "Outgoing messages that failed for good and need a person",
      registers: [registry],
      async collect() {
        this.set(await failedMessages());
      },
    });
  }

  const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? UNMATCHED;

  // The problem code of a refused booking is read from the answer itself: the edge sees what the
  // client saw, whichever layer refused.
  app.addHook("onSend", async (request, reply, payload) => {
    if (reply.statusCode >= 400 && BOOKING_ROUTES.has(`${request.method} ${routeOf(request)}`)) {
      bookings.inc({ outcome: "refused", code: problemCodeOf(reply, payload) });
    }
    return payload;
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = routeOf(request);
    const status = String(reply.statusCode);
    const seconds = reply.elapsedTime / 1000;
    requests.observe({ method: request.method, route, status }, seconds);
    const key = `${request.method} ${route}`;
    if (key === SLOT_SEARCH_ROUTE) slotSearch.observe({ status }, seconds);
    if (BOOKING_ROUTES.has(key) && reply.statusCode < 300) bookings.inc({ outcome: "created", code: "" });
  });

  // Without a token there is no endpoint: metrics are not for the public.
  if (token === null) return;
  const expected = Buffer.from(`Bearer ${token}`);
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      reply.header("www-authenticate", 'Bearer realm="metrics"');
      return sendUnauthorized(reply, request.id);
    }
    reply.header("content-type", registry.contentType);
    reply.header("cache-control", "no-store");
    return registry.metrics();
  });
}

function sendUnauthorized(reply: FastifyReply, requestId: string): FastifyReply {
  return sendProblem(
    reply,
    problemOf({ code: "unauthenticated", detail: "Send the metrics token as a Bearer token.", requestId }),
  );
}

function problemCodeOf(reply: FastifyReply, payload: unknown): string {
  const type = String(reply.getHeader("content-type") ?? "");
  if (typeof payload === "string" && type.startsWith(PROBLEM_CONTENT_TYPE)) {
    try {
      const code = (JSON.parse(payload) as { code?: unknown }).code;
      // Codes come from a fixed list; anything else would be a bug, not a label value.
      if (typeof code === "string" && /^[a-z_]{1,64}$/.test(code)) return code;
    } catch {
      // Fall through.
    }
  }
  return `status_${reply.statusCode}`;
}
