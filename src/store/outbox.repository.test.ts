import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newClinic } from "../../test/factories.js";
import {
  appendOutboxEvent,
  listUnprocessedOutboxEvents,
  markOutboxEventProcessed,
} from "./outbox.repository.js";
import { withWriteTransaction } from "./transaction.js";

describeEachDatabase("outbox repository", (ctx) => {
  it("appends inside a transaction and lists unprocessed events oldest first", async () => {
    const clinic = await newClinic(ctx.store);
    const [second, first] = await withWriteTransaction(ctx.store, async (trx) => [
      await appendOutboxEvent(trx, {
        clinicId: clinic.id,
        type: "booking.rescheduled",
        payload: { bookingId: "b1", from: "2030-01-07T15:00:00Z" },
        createdAt: "2029-12-01T10:00:01Z",
      }),
      await appendOutboxEvent(trx, {
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

  it("leaves no event behind when the transaction rolls back", async () => {
    const clinic = await newClinic(ctx.store);
    await withWriteTransaction(ctx.store, async (trx) => {
      await appendOutboxEvent(trx, { clinicId: clinic.id, type: "booking.created", payload: {} });
      throw new Error("the booking failed");
    }).catch(() => {});
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id })).toEqual([]);
  });

  it("marks an event processed once", async () => {
    const clinic = await newClinic(ctx.store);
    const event = await appendOutboxEvent(ctx.store.db, {
      clinicId: clinic.id,
      type: "waitlist.offered",
      payload: {},
    });
    expect(await markOutboxEventProcessed(ctx.store.db, event.id, "2029-12-01T10:05:00Z")).toBe(true);
    expect(await markOutboxEventProcessed(ctx.store.db, event.id)).toBe(false);
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id })).toEqual([]);
  });

  it("limits the batch", async () => {
    const clinic = await newClinic(ctx.store);
    for (let i = 0; i < 3; i++) {
      await appendOutboxEvent(ctx.store.db, { clinicId: clinic.id, type: "t", payload: { i } });
    }
    expect(await listUnprocessedOutboxEvents(ctx.store.db, { clinicId: clinic.id, limit: 2 })).toHaveLength(
      2,
    );
  });
});
