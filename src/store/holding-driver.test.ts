import { Socket } from "node:net";
import { sql } from "kysely";
import pg from "pg";
import { afterEach, expect, it, vi } from "vitest";
import { describeEachDatabase, withOneConnection } from "../../test/databases.js";
import { CREATED_AT, newClinic } from "../../test/factories.js";
import { appendAuditEntry } from "./audit.repository.js";
import type { Executor } from "./schema.js";
import { insertTrailing } from "./trailing-inserts.js";
import { withWriteTransaction } from "./transaction.js";

/**
 * On PostgreSQL a transaction's BEGIN waits for its first statement and its trailing writes for
 * its COMMIT, and each pair leaves in one socket write. SQLite's transactions cost no round trip
 * and are left as they are; the behaviour a caller sees is checked on both.
 */
describeEachDatabase("a transaction's held statements", (ctx) => {
  afterEach(() => vi.restoreAllMocks());

  /** An audit row: a trailing write, held back on PostgreSQL. */
  const audit = (trx: Executor, clinicId: string, action: string) =>
    appendAuditEntry(trx, { at: CREATED_AT, actorId: null, clinicId, patientId: null, action });
  const auditRows = (clinicId: string) =>
    ctx.store.db.selectFrom("audit_log").select("id").where("clinic_id", "=", clinicId).execute();

  it("make no difference to what a failed transaction leaves: nothing", async () => {
    const clinic = await newClinic(ctx.store);
    const outcome = withWriteTransaction(ctx.store, async (trx) => {
      await audit(trx, clinic.id, "never");
      await sql`select * from no_such_table`.execute(trx);
    });
    await expect(outcome).rejects.toThrow();
    const rows = await auditRows(clinic.id);
    expect(rows).toEqual([]);
  });

  if (ctx.dialect !== "postgres") return;

  it("leave with the next statement: BEGIN with the first, the trailing writes with the COMMIT", async () => {
    const clinic = await newClinic(ctx.store);
    await withOneConnection(ctx, async (store) => {
      const query = vi.spyOn(pg.Client.prototype, "query");
      // A socket write is `_write` for one buffered chunk and `_writev` for several.
      const writes = [vi.spyOn(Socket.prototype, "_write"), vi.spyOn(Socket.prototype, "_writev")];
      await withWriteTransaction(store, async (trx) => {
        await sql`select 1`.execute(trx);
        for (const action of ["one", "two"]) await audit(trx, clinic.id, action);
      });
      const textOf = (sent: unknown) => (typeof sent === "string" ? sent : (sent as { text: string }).text);
      const sent = query.mock.calls.map(([first]) => textOf(first).trim().split(/\s+/)[0]?.toLowerCase());
      expect(sent).toEqual(["begin", "select", "with", "commit"]);
      expect(writes.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(2);
    });
  });

  it("are not sent at all by a transaction that sends nothing else", async () => {
    await withOneConnection(ctx, async (store) => {
      const query = vi.spyOn(pg.Client.prototype, "query");
      expect(await withWriteTransaction(store, async () => "done")).toBe("done");
      const refused = withWriteTransaction(store, async () => {
        throw new Error("refused before any statement");
      });
      await expect(refused).rejects.toThrow("refused before any statement");
      expect(query).not.toHaveBeenCalled();
    });
  });

  it("roll back, sending nothing more, when a held write cannot be built at the COMMIT", async () => {
    const clinic = await newClinic(ctx.store);
    await sql`create table held_unbuilt (id integer primary key)`.execute(ctx.store.db);
    await withOneConnection(ctx, async (store) => {
      const failed = withWriteTransaction(store, async (trx) => {
        await sql`insert into held_unbuilt values (${1})`.execute(trx);
        await audit(trx, clinic.id, "held");
        await insertTrailing(trx, {
          inserts: [
            () => {
              throw new Error("cannot be built");
            },
          ],
        });
      });
      await expect(failed).rejects.toThrow("cannot be built");
      // The row sent before is gone, and the connection is out of that transaction: what it
      // stores next is seen at once by another connection.
      await sql`insert into held_unbuilt values (${2})`.execute(store.db);
      const seen = await sql<{ id: number }>`select id from held_unbuilt`.execute(ctx.store.db);
      expect(seen.rows).toEqual([{ id: 2 }]);
      expect(await auditRows(clinic.id)).toEqual([]);
    });
  });

  it("leave the connection out of any transaction once the first statement fails", async () => {
    await sql`create table held_after_failure (id integer primary key)`.execute(ctx.store.db);
    await withOneConnection(ctx, async (store) => {
      const failed = withWriteTransaction(store, async (trx) => {
        await sql`select * from no_such_table`.execute(trx);
      });
      await expect(failed).rejects.toThrow();
      // On the same connection, outside a transaction: stored at once, seen by another connection.
      await sql`insert into held_after_failure values (${1})`.execute(store.db);
      const seen = await sql<{ id: number }>`select id from held_after_failure`.execute(ctx.store.db);
      expect(seen.rows).toEqual([{ id: 1 }]);
    });
  });
});
