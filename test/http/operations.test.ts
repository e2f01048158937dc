import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { failedMessageCount } from "../../src/services/ops/readiness.service.js";
import { openDatabase } from "../../src/store/database.js";
import { insertScheduledMessages } from "../../src/store/message.repository.js";
import { describeEachDatabase } from "../databases.js";
import { expectProblem, SAME_ORIGIN, testApp } from "./harness.js";
import { headersOf, newScene, type Scene } from "./scene.js";

const TOKEN = "metrics-token-for-the-tests-0123456789";
const config = (extra: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: "test", PUBLIC_URL: SAME_ORIGIN, ...extra });

describeEachDatabase("operating the server over HTTP", (db) => {
  let app: FastifyInstance;
  let scene: Scene;

  beforeAll(async () => {
    // Built as the server builds it: the failed-messages gauge reads the real table.
    app = testApp(db.store, {
      config: config({ METRICS_TOKEN: TOKEN }),
      failedMessages: () => failedMessageCount(db.store),
    });
    await app.ready();
    scene = await newScene(db.store, app);
  });
  afterAll(() => app.close());

  it("is ready when the database answers and its migrations are current", async () => {
    const res = await app.inject({ url: "/readyz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: "ready",
      checks: [
        { name: "database", ok: true, detail: db.dialect },
        { name: "migrations", ok: true },
      ],
    });
    expect((await app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok", db: db.dialect });
  });

  it("answers 503 problem+json naming each failing check, a throwing or silent one included", async () => {
    const notReady = testApp(db.store, {
      readiness: [
        { name: "outbox dispatcher", check: async () => ({ ok: false, detail: "stopped" }) },
        {
          name: "exploding",
          check: async () => {
            throw new Error("boom");
          },
        },
        { name: "running", check: async () => ({ ok: true }) },
      ],
    });
    try {
      const body = expectProblem(await notReady.inject({ url: "/readyz" }), 503, "not_ready");
      expect(body.detail).toBe("Not ready: outbox dispatcher, exploding.");
      expect(body.checks).toEqual(
        expect.arrayContaining([
          { name: "outbox dispatcher", ok: false, detail: "stopped" },
          { name: "exploding", ok: false, detail: "boom" },
          { name: "running", ok: true },
        ]),
      );
      // Liveness is another question: the process is alive and its database answers.
      expect((await notReady.inject({ url: "/healthz" })).statusCode).toBe(200);
    } finally {
      await notReady.close();
    }
  });

  it("is not ready on a database whose migrations have not run", async () => {
    // An unmigrated SQLite file stands for both dialects: the check reads the same table on each.
    const dir = await mkdtemp(join(tmpdir(), "regimen-unmigrated-"));
    const store = await openDatabase(`file:${join(dir, "empty.db")}`);
    const fresh = testApp(store);
    try {
      const body = expectProblem(await fresh.inject({ url: "/readyz" }), 503, "not_ready");
      expect(body.checks).toContainEqual(expect.objectContaining({ name: "migrations", ok: false }));
    } finally {
      await fresh.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("serves metrics only with the bearer token, and has no such route without one", async () => {
    expectProblem(await app.inject({ url: "/metrics" }), 401, "unauthenticated");
    const wrong = await app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}x` } });
    expectProblem(wrong, 401, "unauthenticated");
    const ok = await app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["content-type"]).toContain("text/plain");

    const without = testApp(db.store);
    try {
      expectProblem(await without.inject({ url: "/metrics" }), 404, "route_not_found");
    } finally {
      await without.close();
    }
    const openapi = (await app.inject({ url: "/api/openapi.json" })).json() as { paths: object };
    expect(Object.keys(openapi.paths)).not.toContain("/metrics");
  });

  it("exposes how many messages failed for good, and only those", async () => {
    const metric = async () => {
      const text = (await app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } }))
        .body;
      return /^regimen_messages_failed (\d+)$/m.exec(text)?.[1];
    };
    const before = Number(await metric());
    const planned = (n: number) => ({
      clinicId: scene.own.clinic.id,
      patientId: scene.own.patient.id,
      recipient: "failed-metric@example.test",
      channel: "email" as const,
      kind: "session_reminder" as const,
      bookingId: null,
      dedupeKey: `failed-metric-${db.dialect}-${n}`,
      sendAt: "2030-01-01T09:00:00Z",
      vars: {},
    });
    const [failed] = await insertScheduledMessages(
      db.store.db,
      [planned(1), planned(2)],
      "2030-01-01T08:00:00Z",
    );
    await db.store.db
      .updateTable("scheduled_message")
      .set({ status: "failed", attempts: 8, last_error: "mailbox unavailable" })
      .where("id", "=", failed as string)
      .execute();
    // The second row stays pending: it is not counted.
    expect(Number(await metric())).toBe(before + 1);
  });

  it("counts requests by route pattern and bookings by outcome, with no id or URL in a label", async () => {
    const patientId = scene.own.patient.id;
    const staff = headersOf(scene, "front_desk");
    const booking = { patientId, service: "consultation", startsAt: "2030-03-04T14:00:00Z" };
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: staff,
      payload: booking,
    });
    expect(created.statusCode, created.body).toBe(201);
    const taken = await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: staff,
      payload: booking,
    });
    expect(taken.statusCode).toBeGreaterThanOrEqual(400);
    const code = (taken.json() as { code: string }).code;
    await app.inject({ url: `/api/v1/patients/${patientId}/bookings`, headers: staff });
    await app.inject({ url: `/api/v1/no-such-route/${patientId}` });
    await app.inject({
      url: `/api/v1/clinics/${scene.own.clinic.slug}/slots?service=consultation&from=2030-03-04&to=2030-03-05`,
    });

    const text = (await app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } })).body;
    expect(text).toContain('regimen_bookings_total{outcome="created",code=""} 1');
    expect(text).toContain(`regimen_bookings_total{outcome="refused",code="${code}"} 1`);
    expect(text).toMatch(
      /regimen_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/patients\/:id\/bookings",status="200"\} 1/,
    );
    expect(text).toContain('route="(unmatched)",status="404"');
    expect(text).toMatch(/regimen_slot_search_duration_seconds_count\{status="\d+"\} 1/);
    expect(text).toContain("regimen_outbox_lag_seconds");
    expect(text.includes("regimen_db_pool_connections{")).toBe(db.dialect === "postgres");

    // Every label value is a pattern, a method, a status, an outcome or a code: never an id.
    const values = [...text.matchAll(/="([^"]*)"/g)].map((match) => match[1] as string);
    for (const value of values) {
      expect(value).not.toContain(patientId);
      expect(value).not.toContain(scene.own.clinic.slug);
      expect(value).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(value).not.toContain("?");
    }
  });

  it("sheds load with 503 problem+json and Retry-After, but keeps the probes answering", async () => {
    // A heap limit of 1 MiB is always exceeded: the next sample puts the server under pressure.
    const strained = testApp(db.store, { config: config({ MAX_HEAP_USED_MB: "1" }) });
    await strained.ready();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const res = await strained.inject({ url: "/api/v1/me", headers: headersOf(scene, "admin") });
      const body = expectProblem(res, 503, "overloaded");
      expect(res.headers["retry-after"]).toBe("5");
      expect(body.detail).toContain("try again");
      expect((await strained.inject({ url: "/healthz" })).statusCode).toBe(200);
      expect((await strained.inject({ url: "/readyz" })).statusCode).toBe(200);
    } finally {
      await strained.close();
    }
  });
});
