import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { testDatabaseUrl } from "../../test/postgres.js";
import { openDatabase, type Store } from "./database.js";
import { migrateDown, migrateToLatest } from "./migrate.js";

const MIGRATIONS = [
  "2026_11_27_0001_initial",
  "2026_11_27_0002_accounts",
  "2026_11_30_0001_protocol_guards",
  "2026_11_30_0002_waitlist_caps",
  "2026_11_30_0003_account_controls",
  "2026_11_30_0005_profile_audit",
  "2026_11_30_0006_room_kinds_closures",
  "2026_11_30_0007_needs_attention",
  "2026_11_30_0008_work_queues",
  "2026_11_30_0010_skincare_routine",
  "2026_12_01_0100_messages",
  "2026_12_01_0200_check_ins_alerts_calendar_tokens",
  "2026_12_01_0300_consent",
  "2026_12_01_0301_session_chart",
  "2026_12_01_0302_session_photo",
  "2026_12_01_0303_session_assessment",
  "2026_12_01_0310_webhooks",
  "2026_12_01_0600_booking_revision",
  "2026_12_02_0400_plan_patient_status",
  "2026_12_03_0100_idempotency_key_after_lock",
];

const TABLES = [
  "account",
  "alert",
  "audit_log",
  "auth_session",
  "booking",
  "booking_revision",
  "calendar_token",
  "chart_amendment",
  "check_in",
  "clinic",
  "clinic_closure",
  "clinic_product",
  "consent_template",
  "device",
  "hours_exception",
  "idempotency_key",
  "intake_version",
  "login_throttle",
  "message_preference",
  "message_template",
  "outbox_event",
  "password_reset_token",
  "patient",
  "patient_consent",
  "patient_routine",
  "patient_signup",
  "plan",
  "plan_request",
  "protocol_version",
  "provider",
  "resource_hold",
  "room",
  "scheduled_message",
  "service",
  "session_assessment",
  "session_chart",
  "session_photo",
  "waitlist_entry",
  "webhook_attempt",
  "webhook_delivery",
  "webhook_endpoint",
  "webhook_subscription",
  "working_hours",
];

/** Our tables in the store's own schema (introspection lists every schema on PostgreSQL). */
async function tablesOf(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables();
  return tables
    .filter((table) => store.schema === undefined || table.schema === store.schema)
    .map((table) => table.name)
    .filter((name) => !name.startsWith("kysely_"))
    .sort();
}

describeEachDatabase(
  "migrations",
  (ctx) => {
    it("go up, all the way down, and up again", async () => {
      expect(await tablesOf(ctx.store)).toEqual([]);

      const applied = await migrateToLatest(ctx.store);
      expect(applied).toEqual(MIGRATIONS);
      expect(await tablesOf(ctx.store)).toEqual(TABLES);
      expect(await migrateToLatest(ctx.store)).toEqual([]);

      expect(await migrateDown(ctx.store, "zero")).toEqual([...MIGRATIONS].reverse());
      expect(await tablesOf(ctx.store)).toEqual([]);

      expect(await migrateToLatest(ctx.store)).toEqual(MIGRATIONS);
      expect(await tablesOf(ctx.store)).toEqual(TABLES);

      // One step down at a time, newest first.
      for (const name of [...MIGRATIONS].reverse()) expect(await migrateDown(ctx.store)).toEqual([name]);
      expect(await tablesOf(ctx.store)).toEqual([]);
    });

    if (ctx.dialect === "postgres") {
      it("creates the store's schema when it does not exist yet", async () => {
        const schema = `test_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
        const store = await openDatabase(testDatabaseUrl(), { schema, maxConnections: 2 });
        try {
          await migrateToLatest(store);
          expect(await tablesOf(store)).toEqual(TABLES);
        } finally {
          await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
          await store.close();
        }
      });
    }
  },
  { migrate: false },
);
