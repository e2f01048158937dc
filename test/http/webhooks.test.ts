import type { FastifyInstance } from "fastify";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebhookDeliverer } from "../../src/notify/webhook-deliverer.js";
import { verifyWebhookSignature } from "../../src/notify/webhook-signature.js";
import { bookAppointment } from "../../src/services/booking/book-appointment.service.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { newTreatmentScene, SCENE_NOW } from "../booking-scene.js";
import { describeEachDatabase } from "../databases.js";
import { startWebhookReceiver, type WebhookReceiver } from "../notify/webhook-receiver.js";
import { type Actor, expectProblem, movableClock, newActor, testApp } from "./harness.js";

const MONDAY_10 = "2030-01-07T15:00:00Z";

describeEachDatabase("webhook endpoints over HTTP", (db) => {
  let app: FastifyInstance;
  let receiver: WebhookReceiver;
  const clock = movableClock(SCENE_NOW);

  beforeAll(async () => {
    app = testApp(db.store, { clock });
    await app.ready();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await app.close();
    await receiver?.close();
  });

  const send = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    actor: Actor,
    payload?: Record<string, unknown>,
  ) => app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });

  async function newAdminScene() {
    const s = await newTreatmentScene(db.store);
    const admin = await newActor(db.store, { clinicId: s.clinic.id, role: "admin" });
    const at = (path = "") => `/api/v1/clinics/${s.clinic.slug}/webhooks${path}`;
    return { ...s, admin, at };
  }

  it("shows the secret once, at creation and at rotation, and never in reads", async () => {
    const { admin, at, clinic } = await newAdminScene();
    const created = await send("POST", at(), admin, {
      url: "https://hooks.example.test/in",
      description: "Front desk board",
      eventTypes: ["booking.created", "booking.cancelled", "booking.created"],
    });
    expect(created.statusCode, created.body).toBe(201);
    const endpoint = created.json();
    expect(endpoint).toMatchObject({
      url: "https://hooks.example.test/in",
      description: "Front desk board",
      eventTypes: ["booking.cancelled", "booking.created"],
      active: true,
      createdBy: admin.account.id,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });

    const read = await send("GET", at(`/${endpoint.id}`), admin);
    expect(read.statusCode).toBe(200);
    expect(read.json().secret).toBeUndefined();
    expect(read.body).not.toContain(endpoint.secret);
    const list = await send("GET", at(), admin);
    expect(list.json().webhooks.map((w: { id: string }) => w.id)).toEqual([endpoint.id]);
    expect(list.body).not.toContain(endpoint.secret);

    const rotated = await send("POST", at(`/${endpoint.id}/rotate-secret`), admin);
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(endpoint.secret);

    const changed = await send("PATCH", at(`/${endpoint.id}`), admin, {
      active: false,
      eventTypes: ["alert.raised"],
      description: null,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ active: false, eventTypes: ["alert.raised"], description: null });

    const removed = await send("DELETE", at(`/${endpoint.id}`), admin);
    expect(removed.statusCode).toBe(204);
    expectProblem(await send("GET", at(`/${endpoint.id}`), admin), 404, "not_found");

    const audit = await listAuditEntries(db.store.db, { clinicId: clinic.id, limit: 100 });
    const actions = audit.filter((e) => e.target?.id === endpoint.id).map((e) => e.action);
    expect(actions.sort()).toEqual([
      "webhook.change",
      "webhook.create",
      "webhook.delete",
      "webhook.rotate_secret",
    ]);
    // The audit trail holds no secret either.
    expect(JSON.stringify(audit)).not.toContain("whsec_");
  });

  it("refuses a bad URL or event type with a 400 naming the field", async () => {
    const { admin, at } = await newAdminScene();
    for (const url of [
      "ftp://hooks.example.test/in",
      "hooks.example.test",
      "https://user:pw@hooks.example.test/",
    ]) {
      const res = await send("POST", at(), admin, { url, eventTypes: ["booking.created"] });
      const problem = expectProblem(res, 400);
      expect(problem.errors?.map((e) => e.path)).toEqual(["url"]);
    }
    for (const eventTypes of [[], ["booking.exploded"]]) {
      const res = await send("POST", at(), admin, { url: "https://hooks.example.test/in", eventTypes });
      const problem = expectProblem(res, 400);
      expect(problem.errors?.[0]?.path).toMatch(/^eventTypes/);
    }
    const created = (
      await send("POST", at(), admin, {
        url: "https://hooks.example.test/in",
        eventTypes: ["booking.created"],
      })
    ).json();
    expectProblem(await send("PATCH", at(`/${created.id}`), admin, {}), 400);
    expectProblem(await send("GET", at("/not-a-uuid"), admin), 400);
    expectProblem(await send("POST", at(`/${created.id}/deliveries/not-an-event/redeliver`), admin), 400);
  });

  it("logs deliveries newest first with their tries, and redelivers one", async () => {
    const s = await newAdminScene();
    const res = await send("POST", s.at(), s.admin, { url: receiver.url, eventTypes: ["booking.created"] });
    const { id: webhookId, secret } = res.json();
    const book = (startsAt: string) =>
      bookAppointment(s.deps, {
        clinicId: s.clinic.id,
        patientId: s.patient.id,
        serviceCode: "consultation",
        startsAt,
      });
    await book(MONDAY_10);
    await book("2030-01-14T15:00:00Z");

    const deliverer = new WebhookDeliverer({ store: db.store, clock, allowPrivateNetworks: true });
    receiver.answers.push(500);
    clock.set(SCENE_NOW);
    while ((await deliverer.runOnce()).claimed > 0);
    clock.set("2030-01-01T12:01:00Z");
    while ((await deliverer.runOnce()).claimed > 0);
    expect(receiver.received).toHaveLength(3);
    for (const request of receiver.received) {
      const header = String(request.headers["regimen-signature"]);
      const seconds = Math.floor(Temporal.Instant.from("2030-01-01T12:01:00Z").epochMilliseconds / 1000);
      expect(verifyWebhookSignature(secret, request.body, header, seconds)).toBe(true);
    }

    const log = await send("GET", s.at(`/${webhookId}/deliveries`), s.admin);
    expect(log.statusCode, log.body).toBe(200);
    const deliveries = log.json().deliveries;
    expect(deliveries).toHaveLength(2);
    const [newest, oldest] = deliveries;
    expect(newest.eventId > oldest.eventId).toBe(true);
    const retried = deliveries.find((d: { attemptLog: unknown[] }) => d.attemptLog.length === 2);
    expect(retried.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
    expect(retried.status).toBe("delivered");

    const page = await send("GET", s.at(`/${webhookId}/deliveries?limit=1&offset=1`), s.admin);
    expect(page.json().deliveries.map((d: { eventId: string }) => d.eventId)).toEqual([oldest.eventId]);

    const again = await send("POST", s.at(`/${webhookId}/deliveries/${oldest.eventId}/redeliver`), s.admin);
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ eventId: oldest.eventId, status: "pending", attempts: 0 });
    // Still pending: asking again is a conflict.
    expectProblem(
      await send("POST", s.at(`/${webhookId}/deliveries/${oldest.eventId}/redeliver`), s.admin),
      409,
      "invalid_state",
    );
    while ((await deliverer.runOnce()).claimed > 0);
    expect(receiver.received).toHaveLength(4);
    expect(receiver.received[3]?.headers["regimen-event-id"]).toBe(oldest.eventId);

    // An event id this endpoint was never owed: 404, as for another clinic's.
    expectProblem(
      await send(
        "POST",
        s.at(`/${webhookId}/deliveries/000000000000-000000-0000000000000000/redeliver`),
        s.admin,
      ),
      404,
    );
  });
});
