import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { openDatabase, type Store } from "./database.js";

describeEachDatabase("openDatabase", (ctx) => {
  if (ctx.dialect === "sqlite") {
    const pragma = async (store: Store, name: string) => {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(
        store.db,
      );
      return Object.values(rows[0] ?? {})[0];
    };

    it("sets the pragmas a multi-process writer needs, keeps savepoints in memory, and syncs every commit", async () => {
      expect(await pragma(ctx.store, "journal_mode")).toBe("wal");
      expect(await pragma(ctx.store, "foreign_keys")).toBe(1);
      expect(await pragma(ctx.store, "busy_timeout")).toBe(5000);
      expect(await pragma(ctx.store, "synchronous")).toBe(2); // FULL
      expect(await pragma(ctx.store, "temp_store")).toBe(2); // MEMORY
    });

    it("relaxes to synchronous = NORMAL only when asked", async () => {
      const dir = await mkdtemp(join(tmpdir(), "regimen-open-"));
      try {
        const url = `file:${join(dir, "regimen.db")}`;
        for (const [option, expected] of [
          [undefined, 2],
          ["full", 2],
          ["normal", 1],
        ] as const) {
          const store = await openDatabase(url, option === undefined ? {} : { sqliteSynchronous: option });
          try {
            expect(await pragma(store, "synchronous")).toBe(expected);
          } finally {
            await store.close();
          }
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("creates the file's parent directories", async () => {
      const dir = await mkdtemp(join(tmpdir(), "regimen-open-"));
      try {
        const store = await openDatabase(`file:${join(dir, "a", "b", "regimen.db")}`);
        await sql`select 1`.execute(store.db);
        await store.close();
        expect((await stat(join(dir, "a", "b", "regimen.db"))).isFile()).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("enforces foreign keys", async () => {
      const error = await ctx.store.db
        .insertInto("patient")
        .values({
          id: "p",
          clinic_id: "no-such-clinic",
          name: "x",
          time_zone: "UTC",
          created_at: "2026-01-01T00:00:00.000Z",
        })
        .execute()
        .catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe("SQLITE_CONSTRAINT_FOREIGNKEY");
    });
  }

  if (ctx.dialect === "postgres") {
    it("isolates the store in its schema, with public still on the path", async () => {
      const { rows } = await sql<{ schemas: string; zone: string }>`
        select array_to_string(current_schemas(false), ',') as schemas, current_setting('TimeZone') as zone
      `.execute(ctx.store.db);
      expect(rows[0]).toEqual({ schemas: `${ctx.store.schema},public`, zone: "UTC" });
    });

    it("fails at open when the server cannot be reached", async () => {
      await expect(openDatabase("postgres://postgres@127.0.0.1:1/test")).rejects.toThrow();
    });
  }
});
