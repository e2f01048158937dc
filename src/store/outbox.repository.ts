import { randomUUID } from "node:crypto";
import type { QueryCreator } from "kysely";
import type { OutboxEvent } from "../domain/booking/types.js";
import { parseInstant } from "../domain/time/instants.js";
import { fromDbInstant, fromDbInstantOrNull, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { DialectName } from "./database.js";
import {
  type NewScheduledMessage,
  scheduledMessageRows,
  scheduledMessagesInsert,
} from "./message.repository.js";
import type { Database, Executor, OutboxEventRow, OutboxFollowUp } from "./schema.js";
import { insertTrailing } from "./trailing-inserts.js";
import { type NewWebhookDeliveries, webhookDeliveriesInsert } from "./webhook.repository.js";

export interface NewOutboxEvent {
  clinicId: string;
  type: string;
  payload: Record<string, unknown>;
  /** When the change the event reports was made: the writer's clock, not the real one. */
  createdAt: string;
  /** Work the server owes the event once it has committed (see `claimOutboxFollowUp`). */
  followUp?: OutboxFollowUp;
}

/** Hands out outbox event ids; each `Store` owns one (see `openDatabase`). */
export interface OutboxIdSource {
  /** An id for an event created at `createdAt`, after every id this source gave before. */
  next(createdAt: string): string;
}

/**
 * Event ids sort in the order this source gave them, even within one millisecond (events of one
 * transaction share their `created_at`): the event's time in ms (never behind the last id's, so a
 * clock set back does not reorder), then a counter, then randomness so that two processes writing
 * to the same database never collide. The dispatcher reads in `created_at, id` order.
 */
export function createOutboxIdSource(): OutboxIdSource {
  let lastMs = 0;
  let counter = 0;
  return {
    next(createdAt) {
      const ms = Math.max(parseInstant(createdAt, "createdAt"), lastMs);
      counter = ms === lastMs ? counter + 1 : 0;
      lastMs = ms;
      const random = randomUUID().replaceAll("-", "").slice(0, 16);
      return `${ms.toString(16).padStart(12, "0")}-${counter.toString(16).padStart(6, "0")}-${random}`;
    },
  };
}

/** What an event owes, written with it (see `recordEvent`). */
export interface EventDues {
  /** Its deliveries to the clinic's endpoints subscribed to its type; null when no webhook carries it. */
  webhooks: NewWebhookDeliveries | null;
  /** The messages it calls for (each skipped if its dedupe key is taken). */
  messages: NewScheduledMessage[];
}

/**
 * Records an event to be sent later, with what it owes (`dues`, worked out from the event before
 * anything is written). Call it with the same transaction as the change it reports, so the event
 * exists exactly when the change does; `ids` is the store's (`store.outboxIds`). With `dialect`
 * "postgres" the event, its webhook deliveries and its messages are one statement; without it,
 * one statement each, which works on either dialect (SQLite allows no INSERT inside WITH). Nothing
 * in a write reads back the event it appends, so on PostgreSQL they go with the transaction's next
 * statement (see `insertTrailing`).
 */
export async function appendOutboxEvent(
  db: Executor,
  ids: OutboxIdSource,
  input: NewOutboxEvent,
  options: { dialect?: DialectName | undefined; dues?: (event: OutboxEvent) => Promise<EventDues> } = {},
): Promise<OutboxEvent> {
  const row = {
    id: ids.next(input.createdAt),
    clinic_id: input.clinicId,
    type: input.type,
    payload: toDbJson(input.payload),
    created_at: toDbInstant(input.createdAt),
    processed_at: null,
    claimed_by: null,
    claimed_until: null,
    follow_up: input.followUp ?? null,
  };
  const event = toEvent(row);
  const dues = (await options.dues?.(event)) ?? { webhooks: null, messages: [] };
  const messages = scheduledMessageRows(dues.messages, input.createdAt);
  const webhooks = dues.webhooks;
  await insertTrailing(
    db,
    {
      inserts: [
        ...(webhooks ? [(qc: QueryCreator<Database>) => webhookDeliveriesInsert(qc, webhooks)] : []),
        ...(messages.length > 0
          ? [(qc: QueryCreator<Database>) => scheduledMessagesInsert(qc, messages)]
          : []),
        (qc) => qc.insertInto("outbox_event").values(row),
      ],
    },
    options.dialect,
  );
  return event;
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
export async function markOutboxEventProcessed(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable("outbox_event")
    .set({ processed_at: toDbInstant(at), claimed_by: null, claimed_until: null })
    .where("id", "=", id)
    .where("processed_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findOutboxEventById(db: Executor, id: string): Promise<OutboxEvent | undefined> {
  const row = await db.selectFrom("outbox_event").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toEvent(row);
}

/**
 * Ids of events whose follow-up is still owed and that nobody holds a live claim on, oldest
 * first. Reads only the `outbox_event_follow_up` partial index's rows: the pending ones.
 */
export async function listUnclaimedFollowUps(
  db: Executor,
  followUp: OutboxFollowUp,
  now: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("outbox_event")
    .select("id")
    .where("follow_up", "=", followUp)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", toDbInstant(now))]))
    .orderBy("created_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims an event's follow-up for `claimant` until `until`: true when it was owed and nobody else
 * held a live claim. A claim that ran out (its holder died) may be taken over; the holder's work
 * then fails `completeOutboxFollowUp` and changes nothing.
 */
export async function claimOutboxFollowUp(
  db: Executor,
  id: string,
  claim: { claimant: string; now: string; until: string },
): Promise<boolean> {
  const result = await db
    .updateTable("outbox_event")
    .set({ claimed_by: claim.claimant, claimed_until: toDbInstant(claim.until) })
    .where("id", "=", id)
    .where("follow_up", "is not", null)
    .where((eb) =>
      eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", toDbInstant(claim.now))]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Marks an event's follow-up done and releases the claim, in the transaction that does the work.
 * False when `claimant` no longer holds it (its claim ran out and another took over, or the work
 * is done): the caller then does nothing. On PostgreSQL the row stays locked until that
 * transaction ends, so whoever takes over next sees the work done or not done, never half.
 */
export async function completeOutboxFollowUp(db: Executor, id: string, claimant: string): Promise<boolean> {
  const result = await db
    .updateTable("outbox_event")
    .set({ follow_up: null, claimed_by: null, claimed_until: null })
    .where("id", "=", id)
    .where("follow_up", "is not", null)
    .where("claimed_by", "=", claimant)
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

/**
 * Payload fields that hold a secret for the recipient alone (a reset, invitation or sign-up
 * token). An event that carries one names it so; `markOutboxEventSent` removes them.
 */
export const OUTBOX_SECRET_FIELDS = ["token"] as const;

/**
 * Marks an event sent and strips its secrets: once the message is out, the database keeps no
 * working link (the token's hash stays in its own table, which is all confirmation needs). False
 * when the event was already processed (or does not exist); then nothing changes.
 */
export async function markOutboxEventSent(db: Executor, id: string, at: string): Promise<boolean> {
  const row = await db
    .selectFrom("outbox_event")
    .select("payload")
    .where("id", "=", id)
    .where("processed_at", "is", null)
    .executeTakeFirst();
  if (!row) return false;
  const payload = fromDbJson<Record<string, unknown>>(row.payload);
  for (const field of OUTBOX_SECRET_FIELDS) delete payload[field];
  const result = await db
    .updateTable("outbox_event")
    .set({ processed_at: toDbInstant(at), claimed_by: null, claimed_until: null, payload: toDbJson(payload) })
    .where("id", "=", id)
    .where("processed_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
