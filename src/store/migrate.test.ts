import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { testDatabaseUrl } from "../../test/postgres.js";
import { openDatabase, type Store } from "./database.js";
import { migrateDown, migrateToLatest } from "./migrate.js";

const TABLES = [
  "audit_log",
  "booking",
  "clinic",
  "device",
  "hours_exception",
  "idempotency_key",
  "intake_version",
  "outbox_event",
  "patient",
  "plan",
  "protocol_version",
  "provider",
  "resource_hold",
  "room",
  "service",
  "staff_user",
  "waitlist_entry",
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
      expect(applied).toEqual(["2026_11_27_0001_initial"]);
      expect(await tablesOf(ctx.store)).toEqual(TABLES);
      expect(await migrateToLatest(ctx.store)).toEqual([]);

      expect(await migrateDown(ctx.store, "zero")).toEqual(["2026_11_27_0001_initial"]);
      expect(await tablesOf(ctx.store)).toEqual([]);

      expect(await migrateToLatest(ctx.store)).toEqual(["2026_11_27_0001_initial"]);
      expect(await tablesOf(ctx.store)).toEqual(TABLES);

      expect(await migrateDown(ctx.store)).toEqual(["2026_11_27_0001_initial"]);
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
