import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, unique } from "../../test/factories.js";
import type { OutboxEvent } from "../domain/booking/types.js";
import {
  appendOutboxEvent,
  createOutboxIdSource,
  listUnprocessedOutboxEvents,
  markOutboxEventProcessed,
  markOutboxEventSent,
} from "./outbox.repository.js";
import { withWriteTransaction } from "./transaction.js";
import { createWebhookEndpoint } from "./webhook.repository.js";

describe("outbox event ids", () => {
  it("sort in the order they were given, within one millisecond and when the time goes back", () => {
    const ids = createOutboxIdSource();
    const given = [
      ids.next("2029-12-01T10:00:00Z"),
      ids.next("2029-12-01T10:00:00Z"),
      ids.next("2029-12-01T10:00:00.001Z"),
      ids.next("2029-12-01T09:59:00Z"),
      ids.next("2029-12-01T11:00:00Z"),
    ];
    expect([...given].sort()).toEqual(given);
    expect(new Set(given).size).toBe(given.length);
  });

  it("come from the time they are given, not the real clock", () => {
    const ms = Date.UTC(2029, 11, 1, 10).toString(16).padStart(12, "0");
    expect(createOutboxIdSource().next("2029-12-01T10:00:00Z")).toMatch(
      new RegExp(`^${ms}-000000-[0-9a-f]{16}$`),
    );
  });

  it("never collide between two sources (two processes)", () => {
    const [a, b] = [createOutboxIdSource(), createOutboxIdSource()];
    expect(a.next(CREATED_AT)).not.toBe(b.next(CREATED_AT));
  });
});

describeEachDatabase("outbox repository", (ctx) => {
  // One statement (PostgreSQL, given the dialect) or one per table: the same rows, or none.
  it.each([ctx.dialect, undefined])("writes an event with what it owes (dialect %s)", async (dialect) => {
    const clinic = await newClinic(ctx.store);
    const endpoint = await createWebhookEndpoint(ctx.store.db, {
      clinicId: clinic.id,
      url: "https://hooks.example.test/in",
      description: null,
      eventTypes: ["booking.created"],
      secret: "whsec_test",
      active: true,
      createdAt: CREATED_AT,
      createdBy: null,
    });
    const message = (dedupeKey: string) => ({
      clinicId: clinic.id,
      kind: "booking_confirmation" as const,
      channel: "email" as const,
      recipient: "p@example.test",
      sendAt: CREATED_AT,
      vars: {},
      dedupeKey,
      patientId: null,
      bookingId: null,
    });
    const keys = [unique("confirmation"), unique("reminder")];
    const input = { clinicId: clinic.id, type: "booking.created", payload: {}, createdAt: CREATED_AT };
    const dues = async (event: OutboxEvent) => ({
      webhooks: { id: event.id, clinicId: clinic.id, type: event.type, body: "{}", createdAt: CREATED_AT },
      messages: keys.map((key) => ({ ...message(key), eventId: event.id })),
    });

    const event = await withWriteTransaction(ctx.store, (trx) =>
      appendOutboxEvent(trx, ctx.store.outboxIds, input, { dialect, dues }),
    );
    const deliveries = await ctx.store.db
      .selectFrom("webhook_delivery")
      .select(["endpoint_id", "event_id"])
      .where("clinic_id", "=", clinic.id)
      .execute();
    expect(deliveries).toEqual([{ endpoint_id: endpoint.id, event_id: event.id }]);
    const messages = await ctx.store.db
      .selectFrom("scheduled_message")
      .select(["dedupe_key", "event_id"])
      .where("clinic_id", "=", clinic.id)
      .orderBy("dedupe_key")
      .execute();
    expect(messages).toEqual([...keys].sort().map((key) => ({ dedupe_key: key, event_id: event.id })));
  });

  it("appends inside a transaction and lists unprocessed events oldest first", async () => {
    const clinic = await newClinic(ctx.store);
    const [second, first] = await withWriteTransaction(ctx.store, async (trx) => [
      await appendOutboxEvent(trx, ctx.store.outboxIds, {
        clinicId: clinic.id,
        type: "booking.rescheduled",
        payload: { bookingId: "b1", from: "2030-01-07T15:00:00Z" },
        createdAt: "2029-12-01T10:00:01Z",
      }),
      await appendOutboxEvent(trx, ctx.store.outboxIds, {
        clinicId: clinic.id,
        type: "booking.created",
        payload: { bookingId: "b1", nested: { list: [1, "two", null] } },
        createdAt: "2029-12-01T10:00:00Z",
      }),
    ]);

    expect(first).toEqual({
      id: first?.id,
      clinicId: clinic.id,
      type: "booking.created",
      payload: { bookingId: "b1", nested: { list: [1, "two", null] } },
      createdAt: "2029-12-01T10:00:00Z",
      processedAt: null,
    });
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id })).toEqual([first, second]);
  });

  it("lists events of one transaction in the order they were written", async () => {
    const clinic = await newClinic(ctx.store);
    const written = await withWriteTransaction(ctx.store, async (trx) => {
      const events = [];
      for (const type of [
        "booking.created",
        "booking.rescheduled",
        "booking.cancelled",
        "waitlist.offered",
      ]) {
        events.push(
          await appendOutboxEvent(trx, ctx.store.outboxIds, {
            clinicId: clinic.id,
            type,
            payload: {},
            createdAt: CREATED_AT,
          }),
        );
      }
      return events;
    });
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id })).toEqual(written);
  });

  it("leaves no event behind when the transaction rolls back", async () => {
    const clinic = await newClinic(ctx.store);
    await withWriteTransaction(ctx.store, async (trx) => {
      await appendOutboxEvent(trx, ctx.store.outboxIds, {
        clinicId: clinic.id,
        type: "booking.created",
        payload: {},
        createdAt: CREATED_AT,
      });
      throw new Error("the booking failed");
    }).catch(() => {});
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id })).toEqual([]);
  });

  it("marks an event processed once", async () => {
    const clinic = await newClinic(ctx.store);
    const event = await appendOutboxEvent(ctx.store.db, ctx.store.outboxIds, {
      clinicId: clinic.id,
      type: "waitlist.offered",
      payload: {},
      createdAt: CREATED_AT,
    });
    expect(await markOutboxEventProcessed(ctx.store.db, event.id, "2029-12-01T10:05:00Z")).toBe(true);
    expect(await markOutboxEventProcessed(ctx.store.db, event.id, "2029-12-01T10:06:00Z")).toBe(false);
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id })).toEqual([]);
  });

  it("strips the token from a sent event's payload, once, and leaves other events alone", async () => {
    const clinic = await newClinic(ctx.store);
    const append = (payload: Record<string, unknown>) =>
      appendOutboxEvent(ctx.store.db, ctx.store.outboxIds, {
        clinicId: clinic.id,
        type: "auth.password_reset_requested",
        payload,
        createdAt: CREATED_AT,
      });
    const sent = await append({ accountId: "a1", email: "a@example.test", token: "secret-1" });
    const waiting = await append({ accountId: "a2", email: "b@example.test", token: "secret-2" });

    expect(await markOutboxEventSent(ctx.store.db, sent.id, "2029-12-01T10:05:00Z")).toBe(true);
    expect(await markOutboxEventSent(ctx.store.db, sent.id, "2029-12-01T10:06:00Z")).toBe(false);
    const rows = await ctx.store.db
      .selectFrom("outbox_event")
      .select(["id", "payload", "processed_at"])
      .where("clinic_id", "=", clinic.id)
      .orderBy("id")
      .execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain("secret-1");
    expect(text).toContain("secret-2");
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id })).toEqual([waiting]);
    const stripped = rows.find((row) => row.id === sent.id);
    expect(JSON.parse(String(stripped?.payload))).toEqual({ accountId: "a1", email: "a@example.test" });
  });

  it("limits the batch", async () => {
    const clinic = await newClinic(ctx.store);
    for (let i = 0; i < 3; i++) {
      await appendOutboxEvent(ctx.store.db, ctx.store.outboxIds, {
        clinicId: clinic.id,
        type: "t",
        payload: { i },
        createdAt: CREATED_AT,
      });
    }
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id, limit: 2 })).toHaveLength(
      2,
    );
  });
});
