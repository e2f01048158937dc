import type { Kysely } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Webhooks: a clinic's endpoints and the events owed to them.
 *
 * - `webhook_endpoint`: a receiver's URL, whether it is active, and the secret its bodies are
 *   signed with. The secret is kept as written (an HMAC key has to be), shown to the admin once.
 * - `webhook_subscription`: one row per (endpoint, event type) it receives; the join that picks
 *   an event's endpoints in the same transaction as the event.
 * - `webhook_delivery`: one event owed to one endpoint, keyed by both (written once, whatever
 *   happens twice). `body` is the exact JSON sent, fixed when the event happened. `status` is
 *   `pending` until a receiver answers 2xx (`delivered`) or the attempts run out (`failed`);
 *   `next_attempt_at` and `claimed_by`/`claimed_until` work as in `scheduled_message`.
 * - `webhook_attempt`: the delivery log, one row per try, numbered per delivery.
 */
function columnTypes(dialect: DialectName) {
  return dialect === "postgres"
    ? ({ instant: "timestamptz", bool: "boolean" } as const)
    : ({ instant: "text", bool: "integer" } as const);
}

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable("webhook_endpoint")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("active", t.bool, (c) => c.notNull())
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("updated_at", t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_endpoint_clinic")
    .on("webhook_endpoint")
    .columns(["clinic_id", "created_at"])
    .execute();

  await db.schema
    .createTable("webhook_subscription")
    .addColumn("endpoint_id", "text", (c) => c.notNull().references("webhook_endpoint.id").onDelete("cascade"))
    .addColumn("event_type", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("webhook_subscription_pk", ["endpoint_id", "event_type"])
    .execute();

  await db.schema
    .createTable("webhook_delivery")
    .addColumn("endpoint_id", "text", (c) => c.notNull().references("webhook_endpoint.id").onDelete("cascade"))
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("clinic_id", "text", (c) => c.notNull().references("clinic.id").onDelete("cascade"))
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", t.instant, (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", t.instant)
    .addColumn("created_at", t.instant, (c) => c.notNull())
    .addColumn("delivered_at", t.instant)
    .addPrimaryKeyConstraint("webhook_delivery_pk", ["endpoint_id", "event_id"])
    .execute();
  // The deliverer's claim reads pending rows in due order.
  await db.schema
    .createIndex("webhook_delivery_due")
    .on("webhook_delivery")
    .columns(["status", "next_attempt_at"])
    .execute();
  // The delivery log: an endpoint's deliveries, newest first.
  await db.schema
    .createIndex("webhook_delivery_endpoint")
    .on("webhook_delivery")
    .columns(["endpoint_id", "created_at"])
    .execute();

  await db.schema
    .createTable("webhook_attempt")
    .addColumn("endpoint_id", "text", (c) => c.notNull())
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("at", t.instant, (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("response_excerpt", "text")
    .addPrimaryKeyConstraint("webhook_attempt_pk", ["endpoint_id", "event_id", "number"])
    .addForeignKeyConstraint(
      "webhook_attempt_delivery",
      ["endpoint_id", "event_id"],
      "webhook_delivery",
      ["endpoint_id", "event_id"],
      (c) => c.onDelete("cascade"),
    )
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable("webhook_attempt").execute();
  await db.schema.dropTable("webhook_delivery").execute();
  await db.schema.dropTable("webhook_subscription").execute();
  await db.schema.dropTable("webhook_endpoint").execute();
}
