import { randomUUID } from "node:crypto";
import type { OutboxEvent } from "../domain/booking/types.js";
import {
  fromDbInstant,
  fromDbInstantOrNull,
  fromDbJson,
  nowInstant,
  toDbInstant,
  toDbJson,
} from "./codec.js";
import type { Executor, OutboxEventRow } from "./schema.js";

export interface NewOutboxEvent {
  clinicId: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt?: string;
}

/**
 * Event ids sort in the order this process wrote them, even within one millisecond (events of
 * one transaction share their `created_at`): time in ms, then a counter, then randomness so two
 * processes never collide. The dispatcher reads in `created_at, id` order.
 */
function nextEventId(): string {
  const ms = Math.max(Date.now(), lastIdMs);
  eventCounter = ms === lastIdMs ? eventCounter + 1 : 0;
  lastIdMs = ms;
  const random = randomUUID().replaceAll("-", "").slice(0, 16);
  return `${ms.toString(16).padStart(12, "0")}-${eventCounter.toString(16).padStart(6, "0")}-${random}`;
}
let lastIdMs = 0;
let eventCounter = 0;

/**
 * Records an event to be sent later. Call it with the same transaction as the change it reports,
 * so the event exists exactly when the change does.
 */
export async function appendOutboxEvent(db: Executor, input: NewOutboxEvent): Promise<OutboxEvent> {
  const row = {
    id: nextEventId(),
    clinic_id: input.clinicId,
    type: input.type,
    payload: toDbJson(input.payload),
    created_at: toDbInstant(input.createdAt ?? nowInstant()),
    processed_at: null,
    claimed_by: null,
    claimed_until: null,
  };
  await db.insertInto("outbox_event").values(row).execute();
  return toEvent(row);
}

/** Oldest unprocessed events first (all clinics unless one is given). */
export async function listUnprocessedOutboxEvents(
  db: Executor,
  options: { limit?: number; clinicId?: string } = {},
): Promise<OutboxEvent[]> {
  let query = db.selectFrom("outbox_event").selectAll().where("processed_at", "is", null);
  if (options.clinicId !== undefined) query = query.where("clinic_id", "=", options.clinicId);
  const rows = await query
    .orderBy("created_at")
    .orderBy("id")
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(toEvent);
}

/** False when the event was already processed (or does not exist). */
export async function markOutboxEventProcessed(
  db: Executor,
  id: string,
  at: string = nowInstant(),
): Promise<boolean> {
  const result = await db
    .updateTable("outbox_event")
    .set({ processed_at: toDbInstant(at), claimed_by: null, claimed_until: null })
    .where("id", "=", id)
    .where("processed_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function toEvent(row: OutboxEventRow): OutboxEvent {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    type: row.type,
    payload: fromDbJson<Record<string, unknown>>(row.payload),
    createdAt: fromDbInstant(row.created_at),
    processedAt: fromDbInstantOrNull(row.processed_at),
  };
}
