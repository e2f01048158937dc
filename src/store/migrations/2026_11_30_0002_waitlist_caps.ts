import { type Kysely, type SqlBool, sql } from "kysely";
import type { DialectName } from "../database.js";

/**
 * Waitlist offers found through an index and made after the cancellation commits.
 *
 * `waitlist_entry_offer_scan`: a cancellation asks for the waiting entries of one clinic and
 * service whose window holds the freed time; the window's bounds in the index answer that without
 * reading the entries that cannot take it.
 *
 * `outbox_event.follow_up`: work the server itself still owes an event once it has committed
 * (`waitlist_offer` on a `booking.cancelled` event), cleared when that work is done; null for
 * every other event and for every event written before this migration (their offers were made in
 * the cancelling transaction). The partial index keeps the pending ones cheap to find however
 * long the outbox grows. Who works on one is said by the row's `claimed_by` / `claimed_until`.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex("waitlist_entry_service_status").execute();
  await db.schema
    .createIndex("waitlist_entry_offer_scan")
    .on("waitlist_entry")
    .columns(["clinic_id", "service_id", "status", "from_at", "to_at"])
    .execute();

  await db.schema.alterTable("outbox_event").addColumn("follow_up", "text").execute();
  await db.schema
    .createIndex("outbox_event_follow_up")
    .on("outbox_event")
    .column("created_at")
    .where(sql<SqlBool>`follow_up is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex("outbox_event_follow_up").execute();
  await db.schema.alterTable("outbox_event").dropColumn("follow_up").execute();
  await db.schema.dropIndex("waitlist_entry_offer_scan").execute();
  await db.schema
    .createIndex("waitlist_entry_service_status")
    .on("waitlist_entry")
    .columns(["service_id", "status", "from_at"])
    .execute();
}
