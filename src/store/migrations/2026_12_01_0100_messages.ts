import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Messages to patients and staff, written in the same transaction as the change that causes them
 * and sent later by the dispatcher (src/notify/dispatcher.ts).
 *
 * - `scheduled_message`: one email or SMS. `id` is stable: it is the email's Message-ID and the
 *   SMS idempotency key, so a message sent again after a crash is the same message.
 *   `dedupe_key` is unique: scheduling the same thing twice is a no-op. `status` is `pending`
 *   until the dispatcher sends it (`sent`), gives up (`failed`, after its attempts) or a later
 *   change makes it moot (`cancelled`, with `last_error` saying why). `next_attempt_at` is when
 *   it is next due (first `send_at`, later the retry's backoff); `claimed_by`/`claimed_until`
 *   hold a dispatcher's claim, which runs out so a dead dispatcher's rows are taken again.
 *   `payload` holds the template variables; `secret` the one-time link token an account mail
 *   carries, cleared once the message is out (with the token in `event_id`'s outbox event).
 * - `message_template`: a clinic's own wording of one kind of message on one channel, overriding
 *   the defaults in code.
 * - `message_preference`: a patient's opt-out of one optional kind (recall) on one channel.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", json: "jsonb" } as const)
    : ({ instant: "text", json: "text" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable("scheduled_message")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("patient_id", "text", (c) => c.references("patient.id").onDelete("cascade"))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("booking_id", "text")
    .addColumn("event_id", "text")
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("send_at", t.instant, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", t.instant, (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", t.instant)
    .addColumn("last_error", "text")
    .addColumn("payload", t.json, (c) => c.notNull())
    .addColumn("secret", "text")
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("sent_at", t.instant)
    .execute();
  // The dispatcher's claim reads pending rows in due order.
  await db.schema
    .createIndex("scheduled_message_due")
    .on("scheduled_message")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .createIndex("scheduled_message_patient")
    .on("scheduled_message")
    .columns(["patient_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("scheduled_message_booking")
    .on("scheduled_message")
    .columns(["booking_id", "status"])
    .execute();
  await db.schema
    .createIndex("scheduled_message_clinic_status")
    .on("scheduled_message")
    .columns(["clinic_id", "status", "created_at"])
    .execute();

  await db.schema
    .createTable("message_template")
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text")
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addPrimaryKeyConstraint("message_template_pk", ["clinic_id", "kind", "channel"])
    .execute();

  await db.schema
    .createTable("message_preference")
    .addColumn("patient_id", "text", (c) => c.notNull().references("patient.id").onDelete("cascade"))
    .addColumn("topic", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("opted_out", "integer", (c) => c.notNull())
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint("message_preference_pk", ["patient_id", "topic", "channel"])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("message_preference").execute();
  await db.schema.dropTable("message_template").execute();
  await db.schema.dropTable("scheduled_message").execute();
}
