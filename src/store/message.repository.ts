import { type Insertable, type QueryCreator, sql } from "kysely";
import type {
  MessageChannel,
  MessageKind,
  MessageStatus,
  PlannedMessage,
  ScheduledMessage,
} from "../domain/messages/types.js";
import { fromDbInstant, fromDbInstantOrNull, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";
import type { DialectName } from "./database.js";
import { timeOrderedId } from "./ordered-ids.js";
import type {
  Database,
  Executor,
  MessageTemplateRow,
  ScheduledMessageRow,
  ScheduledMessageTable,
} from "./schema.js";

/**
 * A fresh message id made at `createdAt`, usable as the local part of an email Message-ID. Ids
 * grow with time, so a booking's messages share the index pages of the messages written just
 * before them (see `timeOrderedId`).
 */
export function newMessageId(createdAt: string): string {
  return timeOrderedId(createdAt);
}

/** A message to schedule: what a rule planned, for one clinic. */
export type NewScheduledMessage = PlannedMessage & { clinicId: string };

/**
 * Schedules each message unless one with its `dedupeKey` exists (then that one stands, whatever
 * its status): planning the same change twice sends once. One statement for all of them. Returns
 * the ids of the rows written, in the order given.
 */
export async function insertScheduledMessages(
  db: Executor,
  messages: readonly NewScheduledMessage[],
  createdAt: string,
): Promise<string[]> {
  const rows = scheduledMessageRows(messages, createdAt);
  if (rows.length === 0) return [];
  const written = new Set((await scheduledMessagesInsert(db, rows).execute()).map((r) => r.id));
  // RETURNING promises no order: the rows given set it.
  return rows.flatMap((r) => (written.has(r.id) ? [r.id] : []));
}

/** Each message as its pending row, under a fresh id. */
export function scheduledMessageRows(
  messages: readonly NewScheduledMessage[],
  createdAt: string,
): Insertable<ScheduledMessageTable>[] {
  return messages.map((message) => ({
    id: newMessageId(createdAt),
    clinic_id: message.clinicId,
    patient_id: message.patientId,
    recipient: message.recipient,
    channel: message.channel,
    kind: message.kind,
    booking_id: message.bookingId,
    event_id: message.eventId ?? null,
    dedupe_key: message.dedupeKey,
    send_at: toDbInstant(message.sendAt),
    status: "pending",
    attempts: 0,
    next_attempt_at: toDbInstant(message.sendAt),
    claimed_by: null,
    claimed_until: null,
    last_error: null,
    payload: toDbJson(message.vars),
    secret: message.secret ?? null,
    created_at: toDbInstant(createdAt),
    sent_at: null,
  }));
}

/**
 * The insert behind `insertScheduledMessages` (at least one row), for a statement that nests
 * it: a row whose dedupe key is taken, by an earlier row or one before it here, is skipped.
 */
export function scheduledMessagesInsert(
  db: QueryCreator<Database>,
  rows: readonly Insertable<ScheduledMessageTable>[],
) {
  return db
    .insertInto("scheduled_message")
    .values([...rows])
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id");
}

export interface MessageClaim {
  claimant: string;
  now: string;
  /** The claim runs out then; another dispatcher may take the rows after. */
  until: string;
  limit: number;
}

/**
 * Claims up to `limit` due pending messages nobody holds a live claim on, oldest due first, and
 * returns them. PostgreSQL: the inner select locks the rows it picks and skips rows another
 * dispatcher is claiming at the same moment, so two dispatchers never claim the same row. SQLite
 * has one writer (the caller runs this in a write transaction), which is enough.
 */
export async function claimDueMessages(
  db: Executor,
  dialect: DialectName,
  claim: MessageClaim,
): Promise<ScheduledMessage[]> {
  const now = toDbInstant(claim.now);
  let due = db
    .selectFrom("scheduled_message")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", now)]))
    .orderBy("next_attempt_at")
    .limit(claim.limit);
  if (dialect === "postgres") due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable("scheduled_message")
    .set({ claimed_by: claim.claimant, claimed_until: toDbInstant(claim.until) })
    .where("id", "in", due)
    .returningAll()
    .execute();
  return rows.map(toMessage).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
}

/**
 * Marks messages sent, forgets their link tokens and releases the claim. Only rows `claimant`
 * still holds change: if its claim ran out and another dispatcher took a row, that one marks it.
 * Returns how many rows changed.
 */
export async function markMessagesSent(
  db: Executor,
  ids: readonly string[],
  claimant: string,
  at: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable("scheduled_message")
    .set({
      status: "sent",
      sent_at: toDbInstant(at),
      secret: null,
      claimed_by: null,
      claimed_until: null,
      attempts: sql<number>`attempts + 1`,
      last_error: null,
    })
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where("claimed_by", "=", claimant)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Records a failed attempt: due again at `retryAt`, or `failed` for good when `retryAt` is null
 * (its link token is then forgotten too). False when `claimant` no longer holds the row.
 */
export async function markMessageAttemptFailed(
  db: Executor,
  id: string,
  claimant: string,
  failure: { error: string; retryAt: string | null },
): Promise<boolean> {
  const giveUp = failure.retryAt === null;
  const result = await db
    .updateTable("scheduled_message")
    .set({
      attempts: sql<number>`attempts + 1`,
      last_error: failure.error.slice(0, 1000),
      claimed_by: null,
      claimed_until: null,
      ...(giveUp
        ? { status: "failed" as const, secret: null }
        : { next_attempt_at: toDbInstant(failure.retryAt as string) }),
    })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("claimed_by", "=", claimant)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Cancels a booking's pending messages (all of them, or only the given kinds), saying why.
 * Sent and failed ones stay as they are. Returns how many were cancelled.
 */
export async function cancelPendingBookingMessages(
  db: Executor,
  bookingId: string,
  reason: string,
  kinds?: readonly MessageKind[],
): Promise<number> {
  let query = db
    .updateTable("scheduled_message")
    .set({ status: "cancelled", last_error: reason, secret: null, claimed_by: null, claimed_until: null })
    .where("booking_id", "=", bookingId)
    .where("status", "=", "pending");
  if (kinds !== undefined && kinds.length > 0) query = query.where("kind", "in", kinds);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many calendar messages (invite, update, cancel) a booking has had: the next one's SEQUENCE. */
export async function countCalendarMessages(db: Executor, bookingId: string): Promise<number> {
  const row = await db
    .selectFrom("scheduled_message")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("booking_id", "=", bookingId)
    .where("channel", "=", "email")
    .where("kind", "in", ["booking_confirmation", "booking_update", "booking_cancellation"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findMessageById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<ScheduledMessage | undefined> {
  const row = await db
    .selectFrom("scheduled_message")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toMessage(row);
}

/** A patient's messages, newest first. */
export async function listPatientMessages(
  db: Executor,
  clinicId: string,
  patientId: string,
  limit = 200,
): Promise<ScheduledMessage[]> {
  const rows = await db
    .selectFrom("scheduled_message")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("patient_id", "=", patientId)
    .orderBy("created_at", "desc")
    .orderBy("send_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toMessage);
}

/** A clinic's messages in one status (`failed` for the staff's list), newest first. */
export async function listClinicMessagesByStatus(
  db: Executor,
  clinicId: string,
  status: MessageStatus,
  limit = 200,
): Promise<ScheduledMessage[]> {
  const rows = await db
    .selectFrom("scheduled_message")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("status", "=", status)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toMessage);
}

/** How many messages, across every clinic, failed for good and wait for a person to requeue them. */
export async function countFailedMessages(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("scheduled_message")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("status", "=", "failed")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Makes a failed message due again now, with fresh attempts; false unless it was `failed`. */
export async function requeueFailedMessage(
  db: Executor,
  clinicId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("scheduled_message")
    .set({ status: "pending", attempts: 0, next_attempt_at: toDbInstant(now), last_error: null })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Clinics' own templates for the given (clinic, kind, channel)s, keyed `clinic|kind|channel`. */
export async function loadMessageTemplates(
  db: Executor,
  clinicIds: readonly string[],
): Promise<Map<string, MessageTemplateRow>> {
  const out = new Map<string, MessageTemplateRow>();
  if (clinicIds.length === 0) return out;
  const rows = await db
    .selectFrom("message_template")
    .selectAll()
    .where("clinic_id", "in", clinicIds)
    .execute();
  for (const row of rows) out.set(templateKey(row.clinic_id, row.kind, row.channel), row);
  return out;
}

export function templateKey(clinicId: string, kind: string, channel: MessageChannel): string {
  return `${clinicId}|${kind}|${channel}`;
}

function toMessage(row: ScheduledMessageRow): ScheduledMessage {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    recipient: row.recipient,
    channel: row.channel,
    kind: row.kind as MessageKind,
    bookingId: row.booking_id,
    eventId: row.event_id,
    dedupeKey: row.dedupe_key,
    sendAt: fromDbInstant(row.send_at),
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: fromDbInstant(row.next_attempt_at),
    lastError: row.last_error,
    vars: fromDbJson<Record<string, string>>(row.payload),
    secret: row.secret,
    createdAt: fromDbInstant(row.created_at),
    sentAt: fromDbInstantOrNull(row.sent_at),
  };
}

/** A clinic's own template for one kind on one channel, if it wrote one. */
export async function findMessageTemplate(
  db: Executor,
  clinicId: string,
  kind: string,
  channel: MessageChannel,
): Promise<MessageTemplateRow | undefined> {
  return db
    .selectFrom("message_template")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("kind", "=", kind)
    .where("channel", "=", channel)
    .executeTakeFirst();
}

export async function upsertMessageTemplate(db: Executor, row: MessageTemplateRow): Promise<void> {
  await db
    .insertInto("message_template")
    .values({ ...row, updated_at: toDbInstant(row.updated_at) })
    .onConflict((oc) =>
      oc.columns(["clinic_id", "kind", "channel"]).doUpdateSet({
        subject: row.subject,
        text_body: row.text_body,
        html_body: row.html_body,
        updated_at: toDbInstant(row.updated_at),
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

/** Removes a clinic's own template (the default applies again); false if it had none. */
export async function deleteMessageTemplate(
  db: Executor,
  clinicId: string,
  kind: string,
  channel: MessageChannel,
): Promise<boolean> {
  const result = await db
    .deleteFrom("message_template")
    .where("clinic_id", "=", clinicId)
    .where("kind", "=", kind)
    .where("channel", "=", channel)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Why a recall due now should not go, or null if it should: the patient opted out of recall on
 * its channel, or booked (or had) a session after the one it recalls.
 */
export async function findRecallSkipReason(db: Executor, message: ScheduledMessage): Promise<string | null> {
  if (message.patientId === null) return null;
  const optOut = await db
    .selectFrom("message_preference")
    .select("opted_out")
    .where("patient_id", "=", message.patientId)
    .where("topic", "=", "recall")
    .where("channel", "=", message.channel)
    .executeTakeFirst();
  if (optOut && Number(optOut.opted_out) === 1) return "The patient opted out of recall messages.";
  if (message.bookingId === null) return null;
  const recalled = await db
    .selectFrom("booking")
    .select("starts_at")
    .where("id", "=", message.bookingId)
    .executeTakeFirst();
  if (!recalled) return null;
  const later = await db
    .selectFrom("booking")
    .select("id")
    .where("patient_id", "=", message.patientId)
    .where("status", "in", ["booked", "completed"])
    .where("starts_at", ">", recalled.starts_at)
    .limit(1)
    .executeTakeFirst();
  return later ? "A later session is booked." : null;
}

/**
 * Why a series nudge due now should not go, or null if it should: a treatment session later than
 * the one it follows is booked (or already took place), so the next session needs no nudge.
 */
export async function findSeriesNudgeSkipReason(
  db: Executor,
  message: ScheduledMessage,
): Promise<string | null> {
  if (message.patientId === null || message.bookingId === null) return null;
  const nudged = await db
    .selectFrom("booking")
    .select("starts_at")
    .where("id", "=", message.bookingId)
    .executeTakeFirst();
  if (!nudged) return null;
  const later = await db
    .selectFrom("booking")
    .innerJoin("service", "service.id", "booking.service_id")
    .select("booking.id")
    .where("booking.patient_id", "=", message.patientId)
    .where("booking.status", "in", ["booked", "completed"])
    .where("booking.starts_at", ">", nudged.starts_at)
    .where("service.is_treatment", "=", toDbBool(true))
    .limit(1)
    .executeTakeFirst();
  return later ? "A later treatment session is booked." : null;
}

/** Cancels a message the dispatcher holds, saying why (a recall that no longer holds). */
export async function cancelClaimedMessage(
  db: Executor,
  id: string,
  claimant: string,
  reason: string,
): Promise<boolean> {
  const result = await db
    .updateTable("scheduled_message")
    .set({ status: "cancelled", last_error: reason, claimed_by: null, claimed_until: null })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("claimed_by", "=", claimant)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A patient's opt-outs: `topic` → channels opted out of. */
export async function listMessagePreferences(
  db: Executor,
  patientId: string,
): Promise<{ topic: string; channel: MessageChannel; optedOut: boolean }[]> {
  const rows = await db
    .selectFrom("message_preference")
    .selectAll()
    .where("patient_id", "=", patientId)
    .execute();
  return rows.map((r) => ({ topic: r.topic, channel: r.channel, optedOut: Number(r.opted_out) === 1 }));
}

export async function setMessagePreference(
  db: Executor,
  input: { patientId: string; topic: string; channel: MessageChannel; optedOut: boolean; at: string },
): Promise<void> {
  const values = {
    patient_id: input.patientId,
    topic: input.topic,
    channel: input.channel,
    opted_out: input.optedOut ? 1 : 0,
    updated_at: toDbInstant(input.at),
  };
  await db
    .insertInto("message_preference")
    .values(values)
    .onConflict((oc) =>
      oc.columns(["patient_id", "topic", "channel"]).doUpdateSet({
        opted_out: values.opted_out,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}
