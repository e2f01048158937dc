import { randomUUID } from "node:crypto";
import { type QueryCreator, sql } from "kysely";
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEventType,
} from "../domain/webhooks/webhooks.js";
import { fromDbBool, fromDbInstant, fromDbInstantOrNull, toDbBool, toDbInstant } from "./codec.js";
import type { DialectName } from "./database.js";
import type {
  Database,
  Executor,
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from "./schema.js";

export interface NewWebhookEndpoint {
  clinicId: string;
  url: string;
  description: string | null;
  eventTypes: readonly WebhookEventType[];
  secret: string;
  active: boolean;
  createdAt: string;
  createdBy: string | null;
}

export async function createWebhookEndpoint(
  db: Executor,
  input: NewWebhookEndpoint,
): Promise<WebhookEndpoint> {
  const id = randomUUID();
  await db
    .insertInto("webhook_endpoint")
    .values({
      id,
      clinic_id: input.clinicId,
      url: input.url,
      description: input.description,
      secret: input.secret,
      active: toDbBool(input.active),
      created_at: toDbInstant(input.createdAt),
      created_by: input.createdBy,
      updated_at: toDbInstant(input.createdAt),
    })
    .execute();
  await replaceSubscriptions(db, id, input.eventTypes);
  const endpoint = await findWebhookEndpoint(db, input.clinicId, id);
  if (!endpoint) throw new Error("The webhook endpoint just written is missing.");
  return endpoint;
}

/** A clinic's endpoints, oldest first. */
export async function listWebhookEndpoints(db: Executor, clinicId: string): Promise<WebhookEndpoint[]> {
  const rows = await db
    .selectFrom("webhook_endpoint")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const types = await subscriptionsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toEndpoint(row, types.get(row.id) ?? []));
}

export async function findWebhookEndpoint(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  const row = await db
    .selectFrom("webhook_endpoint")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const types = await subscriptionsOf(db, [row.id]);
  return toEndpoint(row, types.get(row.id) ?? []);
}

export interface WebhookEndpointChanges {
  url?: string | undefined;
  description?: string | null | undefined;
  eventTypes?: readonly WebhookEventType[] | undefined;
  active?: boolean | undefined;
}

/** False when the clinic has no such endpoint. */
export async function updateWebhookEndpoint(
  db: Executor,
  clinicId: string,
  id: string,
  changes: WebhookEndpointChanges,
  updatedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable("webhook_endpoint")
    .set({
      updated_at: toDbInstant(updatedAt),
      ...(changes.url !== undefined && { url: changes.url }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
    })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  if (changes.eventTypes !== undefined) await replaceSubscriptions(db, id, changes.eventTypes);
  return true;
}

/** Replaces the signing secret at once; false when the clinic has no such endpoint. */
export async function setWebhookEndpointSecret(
  db: Executor,
  clinicId: string,
  id: string,
  secret: string,
  updatedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable("webhook_endpoint")
    .set({ secret, updated_at: toDbInstant(updatedAt) })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes the endpoint with its subscriptions, deliveries and their log; false when there was none. */
export async function deleteWebhookEndpoint(db: Executor, clinicId: string, id: string): Promise<boolean> {
  const owned = await db
    .selectFrom("webhook_endpoint")
    .select("id")
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!owned) return false;
  // Spelled out rather than left to ON DELETE CASCADE, which SQLite applies only with foreign
  // keys switched on for the connection.
  await db.deleteFrom("webhook_attempt").where("endpoint_id", "=", id).execute();
  await db.deleteFrom("webhook_delivery").where("endpoint_id", "=", id).execute();
  await db.deleteFrom("webhook_subscription").where("endpoint_id", "=", id).execute();
  await db.deleteFrom("webhook_endpoint").where("id", "=", id).execute();
  return true;
}

/** An event as its webhook deliveries carry it: `body` is the exact bytes every try sends. */
export interface NewWebhookDeliveries {
  id: string;
  clinicId: string;
  type: string;
  body: string;
  createdAt: string;
}

/**
 * Owes the event to each of the clinic's active endpoints subscribed to its type: one
 * INSERT … SELECT, in the caller's transaction, so the deliveries exist exactly when the event
 * does. Writing the same event twice changes nothing. Returns how many deliveries were written.
 */
export async function insertWebhookDeliveries(db: Executor, event: NewWebhookDeliveries): Promise<number> {
  const result = await webhookDeliveriesInsert(db, event).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** The insert behind `insertWebhookDeliveries`, for a statement that nests it. */
export function webhookDeliveriesInsert(db: QueryCreator<Database>, event: NewWebhookDeliveries) {
  const at = toDbInstant(event.createdAt);
  return db
    .insertInto("webhook_delivery")
    .columns([
      "endpoint_id",
      "event_id",
      "clinic_id",
      "event_type",
      "body",
      "status",
      "attempts",
      "next_attempt_at",
      "created_at",
    ])
    .expression((eb) =>
      eb
        .selectFrom("webhook_endpoint as e")
        .innerJoin("webhook_subscription as s", "s.endpoint_id", "e.id")
        .select([
          "e.id",
          eb.val(event.id).as("event_id"),
          "e.clinic_id",
          eb.val(event.type).as("event_type"),
          eb.val(event.body).as("body"),
          eb.val("pending").as("status"),
          eb.val(0).as("attempts"),
          eb.val(at).as("next_attempt_at"),
          eb.val(at).as("created_at"),
        ])
        .where("e.clinic_id", "=", event.clinicId)
        .where("e.active", "=", toDbBool(true))
        .where("s.event_type", "=", event.type),
    )
    .onConflict((oc) => oc.columns(["endpoint_id", "event_id"]).doNothing());
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedWebhookDelivery {
  endpointId: string;
  eventId: string;
  clinicId: string;
  body: string;
  url: string;
  secret: string;
  /** Tries before this one since it was queued. */
  attempts: number;
}

export interface WebhookClaim {
  claimant: string;
  now: string;
  /** The claim runs out then; another deliverer may take the rows after. */
  until: string;
  limit: number;
}

/**
 * Claims up to `limit` due pending deliveries of active endpoints that nobody holds a live claim
 * on, oldest due first, as `claimDueMessages` does for messages (PostgreSQL: SKIP LOCKED; SQLite:
 * its single writer). A paused endpoint's deliveries wait, and go out once it is active again.
 */
export async function claimDueWebhookDeliveries(
  db: Executor,
  dialect: DialectName,
  claim: WebhookClaim,
): Promise<ClaimedWebhookDelivery[]> {
  const now = toDbInstant(claim.now);
  let due = db
    .selectFrom("webhook_delivery")
    .select(["endpoint_id", "event_id"])
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", now)]))
    .where("endpoint_id", "in", (eb) =>
      eb.selectFrom("webhook_endpoint").select("id").where("active", "=", toDbBool(true)),
    )
    .orderBy("next_attempt_at")
    .limit(claim.limit);
  if (dialect === "postgres") due = due.forUpdate().skipLocked();
  const picked = await due.execute();
  if (picked.length === 0) return [];
  const claimed = await db
    .updateTable("webhook_delivery")
    .set({ claimed_by: claim.claimant, claimed_until: toDbInstant(claim.until) })
    .where((eb) =>
      eb.or(
        picked.map((p) => eb.and([eb("endpoint_id", "=", p.endpoint_id), eb("event_id", "=", p.event_id)])),
      ),
    )
    .returningAll()
    .execute();
  const endpoints = await db
    .selectFrom("webhook_endpoint")
    .select(["id", "url", "secret"])
    .where("id", "in", [...new Set(claimed.map((d) => d.endpoint_id))])
    .execute();
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return claimed
    .sort((a, b) => fromDbInstant(a.next_attempt_at).localeCompare(fromDbInstant(b.next_attempt_at)))
    .flatMap((d) => {
      const endpoint = byId.get(d.endpoint_id);
      if (!endpoint) return [];
      return [
        {
          endpointId: d.endpoint_id,
          eventId: d.event_id,
          clinicId: d.clinic_id,
          body: d.body,
          url: endpoint.url,
          secret: endpoint.secret,
          attempts: Number(d.attempts),
        },
      ];
    });
}

/** What one try came to: delivered, due again at `retryAt`, or failed for good (`retryAt` null). */
export type WebhookOutcome = { delivered: true } | { delivered: false; retryAt: string | null };

/**
 * Logs one try and settles the delivery by its outcome, releasing the claim. Only a delivery
 * `claimant` still holds changes (and is logged): if its claim ran out and another deliverer took
 * the row, that one settles it. False then.
 */
export async function recordWebhookAttempt(
  db: Executor,
  claimant: string,
  delivery: { endpointId: string; eventId: string },
  attempt: Omit<WebhookAttempt, "number">,
  outcome: WebhookOutcome,
): Promise<boolean> {
  const settle = outcome.delivered
    ? { status: "delivered" as const, delivered_at: toDbInstant(attempt.at) }
    : outcome.retryAt === null
      ? { status: "failed" as const }
      : { next_attempt_at: toDbInstant(outcome.retryAt) };
  const result = await db
    .updateTable("webhook_delivery")
    .set({ ...settle, attempts: sql<number>`attempts + 1`, claimed_by: null, claimed_until: null })
    .where("endpoint_id", "=", delivery.endpointId)
    .where("event_id", "=", delivery.eventId)
    .where("status", "=", "pending")
    .where("claimed_by", "=", claimant)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  const last = await db
    .selectFrom("webhook_attempt")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("endpoint_id", "=", delivery.endpointId)
    .where("event_id", "=", delivery.eventId)
    .executeTakeFirst();
  await db
    .insertInto("webhook_attempt")
    .values({
      endpoint_id: delivery.endpointId,
      event_id: delivery.eventId,
      number: Number(last?.n ?? 0) + 1,
      at: toDbInstant(attempt.at),
      status_code: attempt.statusCode,
      duration_ms: Math.max(0, Math.round(attempt.durationMs)),
      error: attempt.error === null ? null : attempt.error.slice(0, 1000),
      response_excerpt: attempt.responseExcerpt,
    })
    .execute();
  return true;
}

/** An endpoint's deliveries, newest first, each with its tries in order. */
export async function listWebhookDeliveries(
  db: Executor,
  endpointId: string,
  page: { limit: number; offset: number },
): Promise<WebhookDelivery[]> {
  const rows = await db
    .selectFrom("webhook_delivery")
    .selectAll()
    .where("endpoint_id", "=", endpointId)
    .orderBy("created_at", "desc")
    .orderBy("event_id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom("webhook_attempt")
    .selectAll()
    .where("endpoint_id", "=", endpointId)
    .where(
      "event_id",
      "in",
      rows.map((r) => r.event_id),
    )
    .orderBy("number")
    .execute();
  const log = new Map<string, WebhookAttempt[]>();
  for (const a of attempts) {
    const list = log.get(a.event_id) ?? [];
    list.push(toAttempt(a));
    log.set(a.event_id, list);
  }
  return rows.map((row) => toDelivery(row, log.get(row.event_id) ?? []));
}

export async function findWebhookDelivery(
  db: Executor,
  endpointId: string,
  eventId: string,
): Promise<WebhookDelivery | undefined> {
  const row = await db
    .selectFrom("webhook_delivery")
    .selectAll()
    .where("endpoint_id", "=", endpointId)
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  if (!row) return undefined;
  const attempts = await db
    .selectFrom("webhook_attempt")
    .selectAll()
    .where("endpoint_id", "=", endpointId)
    .where("event_id", "=", eventId)
    .orderBy("number")
    .execute();
  return toDelivery(row, attempts.map(toAttempt));
}

/**
 * Queues a delivered or failed delivery again, due `now`, with fresh tries; the same body and
 * event id go out, so a receiver that has it already sees a duplicate it can drop. False when it
 * is still pending (it will go out anyway).
 */
export async function requeueWebhookDelivery(
  db: Executor,
  endpointId: string,
  eventId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("webhook_delivery")
    .set({
      status: "pending",
      attempts: 0,
      next_attempt_at: toDbInstant(now),
      claimed_by: null,
      claimed_until: null,
    })
    .where("endpoint_id", "=", endpointId)
    .where("event_id", "=", eventId)
    .where("status", "in", ["delivered", "failed"])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Deletes up to `limit` settled deliveries (delivered or failed) made before `before`, with their
 * log; pending ones stay whatever their age. Returns how many went. Bounded, so one call never
 * holds the write lock for long.
 */
export async function pruneWebhookDeliveries(
  db: Executor,
  options: { before: string; limit: number },
): Promise<number> {
  const old = await db
    .selectFrom("webhook_delivery")
    .select(["endpoint_id", "event_id"])
    .where("status", "in", ["delivered", "failed"])
    .where("created_at", "<", toDbInstant(options.before))
    .orderBy("created_at")
    .limit(options.limit)
    .execute();
  for (const row of old) {
    await db
      .deleteFrom("webhook_attempt")
      .where("endpoint_id", "=", row.endpoint_id)
      .where("event_id", "=", row.event_id)
      .execute();
    await db
      .deleteFrom("webhook_delivery")
      .where("endpoint_id", "=", row.endpoint_id)
      .where("event_id", "=", row.event_id)
      .execute();
  }
  return old.length;
}

async function replaceSubscriptions(
  db: Executor,
  endpointId: string,
  eventTypes: readonly WebhookEventType[],
): Promise<void> {
  await db.deleteFrom("webhook_subscription").where("endpoint_id", "=", endpointId).execute();
  if (eventTypes.length === 0) return;
  await db
    .insertInto("webhook_subscription")
    .values(eventTypes.map((type) => ({ endpoint_id: endpointId, event_type: type })))
    .execute();
}

async function subscriptionsOf(
  db: Executor,
  endpointIds: readonly string[],
): Promise<Map<string, WebhookEventType[]>> {
  const out = new Map<string, WebhookEventType[]>();
  if (endpointIds.length === 0) return out;
  const rows = await db
    .selectFrom("webhook_subscription")
    .selectAll()
    .where("endpoint_id", "in", endpointIds)
    .orderBy("event_type")
    .execute();
  for (const row of rows) {
    const list = out.get(row.endpoint_id) ?? [];
    list.push(row.event_type as WebhookEventType);
    out.set(row.endpoint_id, list);
  }
  return out;
}

function toEndpoint(row: WebhookEndpointRow, eventTypes: WebhookEventType[]): WebhookEndpoint {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    url: row.url,
    description: row.description,
    eventTypes,
    active: fromDbBool(row.active),
    createdAt: fromDbInstant(row.created_at),
    createdBy: row.created_by,
    updatedAt: fromDbInstant(row.updated_at),
  };
}

function toDelivery(row: WebhookDeliveryRow, attemptLog: WebhookAttempt[]): WebhookDelivery {
  return {
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: fromDbInstant(row.next_attempt_at),
    createdAt: fromDbInstant(row.created_at),
    deliveredAt: fromDbInstantOrNull(row.delivered_at),
    attemptLog,
  };
}

function toAttempt(row: WebhookAttemptRow): WebhookAttempt {
  return {
    number: Number(row.number),
    at: fromDbInstant(row.at),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    durationMs: Number(row.duration_ms),
    error: row.error,
    responseExcerpt: row.response_excerpt,
  };
}
