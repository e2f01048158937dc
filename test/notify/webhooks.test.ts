import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { WebhookEventType } from "../../src/domain/webhooks/webhooks.js";
import { WebhookDeliverer } from "../../src/notify/webhook-deliverer.js";
import { signWebhook, verifyWebhookSignature } from "../../src/notify/webhook-signature.js";
import { bookAppointment } from "../../src/services/booking/book-appointment.service.js";
import { cancelBooking } from "../../src/services/booking/cancel.service.js";
import { recordOutcome } from "../../src/services/booking/outcome.service.js";
import { rescheduleBooking } from "../../src/services/booking/reschedule.service.js";
import type { Store } from "../../src/store/database.js";
import {
  createWebhookEndpoint,
  findWebhookDelivery,
  insertWebhookDeliveries,
  listWebhookDeliveries,
  requeueWebhookDelivery,
} from "../../src/store/webhook.repository.js";
import { newTreatmentScene, SCENE_NOW } from "../booking-scene.js";
import { describeEachDatabase } from "../databases.js";
import { signDefaultConsents } from "../factories.js";
import { movableClock } from "../http/harness.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";

/** Monday 2030-01-07, 10:00 and 14:00 in New York. */
const MONDAY_10 = "2030-01-07T15:00:00Z";
const MONDAY_14 = "2030-01-07T19:00:00Z";
const SECRET = "whsec_test-secret";

function unixSeconds(iso: string): number {
  return Math.floor(Temporal.Instant.from(iso).epochMilliseconds / 1000);
}

async function addEndpoint(
  store: Store,
  clinicId: string,
  url: string,
  eventTypes: WebhookEventType[],
  options: { active?: boolean; secret?: string } = {},
) {
  return createWebhookEndpoint(store.db, {
    clinicId,
    url,
    description: null,
    eventTypes,
    secret: options.secret ?? SECRET,
    active: options.active ?? true,
    createdAt: SCENE_NOW,
    createdBy: null,
  });
}

describeEachDatabase("webhooks", (ctx) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answers.length = 0;
  });

  const clock = movableClock(SCENE_NOW);
  beforeEach(() => clock.set(SCENE_NOW));

  function deliverer(
    options: { maxAttempts?: number; timeoutMilliseconds?: number; retentionDays?: number } = {},
  ) {
    // The receiver runs on 127.0.0.1: a private address, refused unless allowed.
    return new WebhookDeliverer({
      store: ctx.store,
      clock,
      backoffSeconds: 30,
      allowPrivateNetworks: true,
      ...options,
    });
  }

  /** Runs the deliverer until nothing more is due now. */
  async function deliverDue(d = deliverer()): Promise<void> {
    while ((await d.runOnce()).claimed > 0);
  }

  it("delivers booking.created signed, with the event id, and logs the attempt", async () => {
    const s = await newTreatmentScene(ctx.store);
    const endpoint = await addEndpoint(ctx.store, s.clinic.id, receiver.url, ["booking.created"]);
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });

    clock.set("2030-01-01T12:00:05Z");
    await deliverDue();
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    if (!request) throw new Error("nothing received");
    const signature = String(request.headers["regimen-signature"]);
    expect(signature).toBe(signWebhook(SECRET, request.body, unixSeconds("2030-01-01T12:00:05Z")));
    expect(verifyWebhookSignature(SECRET, request.body, signature, unixSeconds("2030-01-01T12:00:30Z"))).toBe(
      true,
    );
    expect(
      verifyWebhookSignature("whsec_other", request.body, signature, unixSeconds("2030-01-01T12:00:30Z")),
    ).toBe(false);
    expect(
      verifyWebhookSignature(SECRET, `${request.body} `, signature, unixSeconds("2030-01-01T12:00:30Z")),
    ).toBe(false);
    // Replayed an hour later: refused for its age.
    expect(verifyWebhookSignature(SECRET, request.body, signature, unixSeconds("2030-01-01T13:00:05Z"))).toBe(
      false,
    );
    expect(request.headers["content-type"]).toBe("application/json");

    const body = JSON.parse(request.body);
    expect(request.headers["regimen-event-id"]).toBe(body.id);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{12}-[0-9a-f]{6}-[0-9a-f]{16}$/),
      type: "booking.created",
      createdAt: SCENE_NOW,
      clinic: s.clinic.slug,
      data: {
        bookingId: booking.id,
        patientId: s.patient.id,
        providerId: booking.providerId,
        roomId: booking.roomId,
        seriesId: null,
        startsAt: MONDAY_10,
        endsAt: booking.endsAt,
        status: "booked",
      },
    });

    const [delivery] = await listWebhookDeliveries(ctx.store.db, endpoint.id, { limit: 10, offset: 0 });
    expect(delivery).toMatchObject({
      eventId: body.id,
      eventType: "booking.created",
      status: "delivered",
      attempts: 1,
      deliveredAt: "2030-01-01T12:00:05Z",
    });
    expect(delivery?.attemptLog).toEqual([
      {
        number: 1,
        at: "2030-01-01T12:00:05Z",
        statusCode: 200,
        durationMs: expect.any(Number),
        error: null,
        responseExcerpt: "ok",
      },
    ]);

    // Delivered means done: nothing goes out again.
    await deliverDue();
    expect(receiver.received).toHaveLength(1);
  });

  it("retries a receiver that fails first, with backoff and the same event id and body", async () => {
    const s = await newTreatmentScene(ctx.store);
    const endpoint = await addEndpoint(ctx.store, s.clinic.id, receiver.url, ["booking.created"]);
    await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    receiver.answers.push(500);

    await deliverDue();
    expect(receiver.received).toHaveLength(1);
    let [delivery] = await listWebhookDeliveries(ctx.store.db, endpoint.id, { limit: 10, offset: 0 });
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: "2030-01-01T12:00:30Z" });

    // Not due before the backoff has passed.
    clock.set("2030-01-01T12:00:29Z");
    await deliverDue();
    expect(receiver.received).toHaveLength(1);

    clock.set("2030-01-01T12:00:30Z");
    await deliverDue();
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second?.headers["regimen-event-id"]).toBe(first?.headers["regimen-event-id"]);
    expect(second?.body).toBe(first?.body);
    expect(
      verifyWebhookSignature(
        SECRET,
        second?.body ?? "",
        String(second?.headers["regimen-signature"]),
        unixSeconds("2030-01-01T12:00:30Z"),
      ),
    ).toBe(true);

    [delivery] = await listWebhookDeliveries(ctx.store.db, endpoint.id, { limit: 10, offset: 0 });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2 });
    const log = delivery?.attemptLog ?? [];
    expect(log.map((a) => [a.number, a.at, a.statusCode, a.error])).toEqual([
      [1, SCENE_NOW, 500, "The receiver answered 500."],
      [2, "2030-01-01T12:00:30Z", 200, null],
    ]);
    // The receiver's long answer is kept to its first kilobyte.
    expect(log[0]?.responseExcerpt?.startsWith("receiver error 500 xxx")).toBe(true);
    expect(Buffer.byteLength(log[0]?.responseExcerpt ?? "")).toBe(1024);
  });

  it("gives up after its attempts; a redelivery sends the same event again", async () => {
    const s = await newTreatmentScene(ctx.store);
    const endpoint = await addEndpoint(ctx.store, s.clinic.id, receiver.url, ["booking.created"]);
    await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    receiver.answers.push(503, "hang");
    const d = deliverer({ maxAttempts: 2, timeoutMilliseconds: 300 });
    await deliverDue(d);
    clock.set("2030-01-01T12:00:30Z");
    await deliverDue(d);
    clock.set("2030-01-01T13:00:00Z");
    await deliverDue(d);
    expect(receiver.received).toHaveLength(2);

    const [failed] = await listWebhookDeliveries(ctx.store.db, endpoint.id, { limit: 10, offset: 0 });
    expect(failed).toMatchObject({ status: "failed", attempts: 2 });
    expect(failed?.attemptLog.map((a) => [a.statusCode, a.error])).toEqual([
      [503, "The receiver answered 503."],
      [null, "The receiver did not answer in time."],
    ]);

    const eventId = failed?.eventId as string;
    expect(await requeueWebhookDelivery(ctx.store.db, endpoint.id, eventId, "2030-01-01T13:00:00Z")).toBe(
      true,
    );
    await deliverDue(d);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received[2]?.headers["regimen-event-id"]).toBe(eventId);
    const redelivered = await findWebhookDelivery(ctx.store.db, endpoint.id, eventId);
    expect(redelivered).toMatchObject({ status: "delivered", attempts: 1 });
    expect(redelivered?.attemptLog.map((a) => [a.number, a.statusCode])).toEqual([
      [1, 503],
      [2, null],
      [3, 200],
    ]);
  });

  it("sends only the event types an endpoint subscribed to, and nothing to a paused endpoint", async () => {
    const s = await newTreatmentScene(ctx.store);
    const cancellations = await addEndpoint(ctx.store, s.clinic.id, `${receiver.url}?cancellations`, [
      "booking.cancelled",
    ]);
    await addEndpoint(
      ctx.store,
      s.clinic.id,
      `${receiver.url}?paused`,
      ["booking.created", "booking.cancelled"],
      {
        active: false,
      },
    );
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    await rescheduleBooking(s.deps, { clinicId: s.clinic.id, bookingId: booking.id, startsAt: MONDAY_14 });
    await deliverDue();
    expect(receiver.received).toHaveLength(0);

    await cancelBooking(s.deps, { clinicId: s.clinic.id, bookingId: booking.id, reason: "Feeling unwell" });
    await deliverDue();
    expect(receiver.received).toHaveLength(1);
    const body = JSON.parse(receiver.received[0]?.body ?? "{}");
    expect(body.type).toBe("booking.cancelled");
    expect(body.data).toMatchObject({ bookingId: booking.id, status: "cancelled", lateCancel: false });
    // The patient's own words stay in the clinic.
    expect(receiver.received[0]?.body).not.toContain("unwell");
    const deliveries = await listWebhookDeliveries(ctx.store.db, cancellations.id, { limit: 10, offset: 0 });
    expect(deliveries.map((d) => d.eventType)).toEqual(["booking.cancelled"]);
  });

  it("carries moves and completed sessions", async () => {
    const s = await newTreatmentScene(ctx.store);
    await addEndpoint(ctx.store, s.clinic.id, receiver.url, ["booking.rescheduled", "booking.completed"]);
    const { booking } = await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    await rescheduleBooking(s.deps, { clinicId: s.clinic.id, bookingId: booking.id, startsAt: MONDAY_14 });
    const later = { ...s.deps, clock: movableClock("2030-01-07T20:30:00Z") };
    await signDefaultConsents(ctx.store.db, s.clinic.id, s.patient.id);
    await recordOutcome(later, { clinicId: s.clinic.id, bookingId: booking.id, outcome: "completed" });
    // Each delivery is due from its event's time.
    clock.set("2030-01-07T20:30:00Z");
    await deliverDue();
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.type, b.data.startsAt, b.data.status])).toEqual([
      ["booking.rescheduled", MONDAY_14, "booked"],
      ["booking.completed", MONDAY_14, "completed"],
    ]);
    expect(bodies[0].data.previousStartsAt).toBe(MONDAY_10);
  });

  it("never sends one clinic's events to another clinic's endpoint", async () => {
    const a = await newTreatmentScene(ctx.store);
    const b = await newTreatmentScene(ctx.store);
    const endpointA = await addEndpoint(ctx.store, a.clinic.id, `${receiver.url}?a`, ["booking.created"]);
    const endpointB = await addEndpoint(ctx.store, b.clinic.id, `${receiver.url}?b`, ["booking.created"]);
    const { booking } = await bookAppointment(a.deps, {
      clinicId: a.clinic.id,
      patientId: a.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    await deliverDue();
    expect(receiver.received.map((r) => r.path)).toEqual(["/hooks?a"]);
    expect(JSON.parse(receiver.received[0]?.body ?? "{}")).toMatchObject({
      clinic: a.clinic.slug,
      data: { bookingId: booking.id },
    });
    expect(await listWebhookDeliveries(ctx.store.db, endpointA.id, { limit: 10, offset: 0 })).toHaveLength(1);
    expect(await listWebhookDeliveries(ctx.store.db, endpointB.id, { limit: 10, offset: 0 })).toEqual([]);
  });
  it("two deliverers sharing the database send each event once", async () => {
    const s = await newTreatmentScene(ctx.store);
    const endpoint = await addEndpoint(ctx.store, s.clinic.id, receiver.url, ["booking.created"]);
    const eventIds = Array.from(
      { length: 30 },
      (_, i) => `000000000000-${i.toString(16).padStart(6, "0")}-${"a".repeat(16)}`,
    );
    for (const id of eventIds) {
      await insertWebhookDeliveries(ctx.store.db, {
        id,
        clinicId: s.clinic.id,
        type: "booking.created",
        body: JSON.stringify({ id }),
        createdAt: SCENE_NOW,
      });
    }
    // Writing an event again owes it no second time.
    expect(
      await insertWebhookDeliveries(ctx.store.db, {
        id: eventIds[0] as string,
        clinicId: s.clinic.id,
        type: "booking.created",
        body: "{}",
        createdAt: SCENE_NOW,
      }),
    ).toBe(0);
    const one = new WebhookDeliverer({
      store: ctx.store,
      clock,
      batchSize: 4,
      concurrency: 2,
      allowPrivateNetworks: true,
    });
    const two = new WebhookDeliverer({
      store: ctx.store,
      clock,
      batchSize: 4,
      concurrency: 2,
      allowPrivateNetworks: true,
    });
    await Promise.all([deliverDue(one), deliverDue(two)]);
    const received = receiver.received.map((r) => String(r.headers["regimen-event-id"]));
    expect(received.sort()).toEqual([...eventIds].sort());
    const log = await listWebhookDeliveries(ctx.store.db, endpoint.id, { limit: 100, offset: 0 });
    expect(log.every((d) => d.status === "delivered" && d.attemptLog.length === 1)).toBe(true);
  });
  it("refuses private addresses unless they are allowed", async () => {
    const s = await newTreatmentScene(ctx.store);
    const byIp = await addEndpoint(ctx.store, s.clinic.id, receiver.url, ["booking.created"]);
    const byName = await addEndpoint(ctx.store, s.clinic.id, receiver.url.replace("127.0.0.1", "localhost"), [
      "booking.created",
    ]);
    await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
    });
    await deliverDue(new WebhookDeliverer({ store: ctx.store, clock }));
    expect(receiver.received).toHaveLength(0);
    const [ip] = await listWebhookDeliveries(ctx.store.db, byIp.id, { limit: 1, offset: 0 });
    expect(ip?.attemptLog[0]).toMatchObject({
      statusCode: null,
      error: "127.0.0.1 is a private address; webhooks go to public addresses only.",
    });
    const [name] = await listWebhookDeliveries(ctx.store.db, byName.id, { limit: 1, offset: 0 });
    expect(name?.attemptLog[0]?.error).toMatch(
      /^localhost resolves to (127\.0\.0\.1|::1), a private address/,
    );
  });
  it("keeps delivered and failed deliveries for the retention period, pending ones always", async () => {
    const s = await newTreatmentScene(ctx.store);
    const endpoint = await addEndpoint(ctx.store, s.clinic.id, receiver.url, ["booking.created"]);
    const owe = (id: string, createdAt: string) =>
      insertWebhookDeliveries(ctx.store.db, {
        id,
        clinicId: s.clinic.id,
        type: "booking.created",
        body: "{}",
        createdAt,
      });
    await owe("000000000000-000001-cccccccccccccccc", "2030-01-01T00:00:00Z");
    await owe("000000000000-000002-cccccccccccccccc", "2030-01-20T00:00:00Z");
    clock.set("2030-01-20T00:00:00Z");
    await deliverDue(deliverer({ retentionDays: 10_000 }));
    // (Other tests' deliveries that came due by now arrive too; count this endpoint's.)
    const ours = receiver.received.filter((r) =>
      String(r.headers["regimen-event-id"]).endsWith("-cccccccccccccccc"),
    );
    expect(ours).toHaveLength(2);
    // Old, but still owed: the endpoint was paused when it came due.
    await owe("000000000000-000003-cccccccccccccccc", "2030-01-02T00:00:00Z");
    await ctx.store.db
      .updateTable("webhook_endpoint")
      .set({ active: 0 })
      .where("id", "=", endpoint.id)
      .execute();

    clock.set("2030-02-05T00:00:00Z");
    await deliverDue(deliverer({ retentionDays: 30 }));
    const kept = await listWebhookDeliveries(ctx.store.db, endpoint.id, { limit: 10, offset: 0 });
    expect(kept.map((d) => [d.eventId, d.status])).toEqual([
      ["000000000000-000002-cccccccccccccccc", "delivered"],
      ["000000000000-000003-cccccccccccccccc", "pending"],
    ]);
  });
});
