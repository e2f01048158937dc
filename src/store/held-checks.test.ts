import { Socket } from "node:net";
import { type RawBuilder, sql } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { describeEachDatabase, withOneConnection } from "../../test/databases.js";
import { checkWithNextStatement, type HeldCheck } from "./held-checks.js";
import type { Executor } from "./schema.js";
import { withWriteTransaction } from "./transaction.js";

/**
 * A held check is judged before its transaction can do harm: at its next statement on
 * PostgreSQL, at once on SQLite. What a caller sees is the same on both.
 */
describeEachDatabase("a held check", (ctx) => {
  const table = `held_check_${ctx.dialect}`;
  beforeEach(async () => {
    await sql`create table if not exists ${sql.table(table)} (id integer primary key)`.execute(ctx.store.db);
    await sql`delete from ${sql.table(table)}`.execute(ctx.store.db);
  });
  afterEach(() => vi.restoreAllMocks());

  const insertRow = (trx: Executor, id: number) =>
    sql`insert into ${sql.table(table)} values (${id})`.execute(trx);
  const storedIds = async () =>
    (
      await sql<{ id: number }>`select id from ${sql.table(table)} order by id`.execute(ctx.store.db)
    ).rows.map((row) => Number(row.id));
  // A raw statement compiles only against the executor it will run on.
  const read = <R>(trx: Executor, query: RawBuilder<R>) => ({ compile: () => query.compile(trx) });
  const one = (trx: Executor) => read(trx, sql<{ one: number }>`select 1 as one`);
  const refuse = () => {
    throw new Error("refused by the check");
  };

  it("that refuses stops the transaction at its next statement, and nothing it wrote stays", async () => {
    let after = false;
    const outcome = withWriteTransaction(ctx.store, async (trx) => {
      await insertRow(trx, 1);
      await checkWithNextStatement(trx, one(trx), refuse);
      await insertRow(trx, 2);
      after = true;
    });
    await expect(outcome).rejects.toThrow("refused by the check");
    expect(after).toBe(false);
    expect(await storedIds()).toEqual([]);
  });

  it("sees the rows its read returns, read after the statements before it", async () => {
    const seen: number[][] = [];
    await withWriteTransaction(ctx.store, async (trx) => {
      await insertRow(trx, 7);
      const check = await checkWithNextStatement(
        trx,
        read(trx, sql<{ id: number }>`select id from ${sql.table(table)}`),
        (rows) => seen.push(rows.map((row) => Number(row.id))),
      );
      await insertRow(trx, 8);
      await check.judged();
    });
    expect(seen).toEqual([[7]]);
    expect(await storedIds()).toEqual([7, 8]);
  });

  it("carried by no statement is sent when its verdict is asked for", async () => {
    const judged: number[] = [];
    const outcome = withWriteTransaction(ctx.store, async (trx) => {
      const check = await checkWithNextStatement(trx, one(trx), (rows) => {
        judged.push(rows.length);
        refuse();
      });
      await check.judged();
    });
    await expect(outcome).rejects.toThrow("refused by the check");
    expect(judged).toEqual([1]);
  });

  it("still held when the transaction ends is judged before its COMMIT, which it can still stop", async () => {
    const outcome = withWriteTransaction(ctx.store, async (trx) => {
      await insertRow(trx, 3);
      await checkWithNextStatement(trx, one(trx), refuse);
    });
    await expect(outcome).rejects.toThrow("refused by the check");
    expect(await storedIds()).toEqual([]);
  });

  if (ctx.dialect !== "postgres") return;

  it("dropped by a rollback says so when its verdict is asked for later", async () => {
    let dropped: HeldCheck | undefined;
    const outcome = withWriteTransaction(ctx.store, async (trx) => {
      dropped = await checkWithNextStatement(trx, one(trx), () => {});
      throw new Error("rolled back before any statement");
    });
    await expect(outcome).rejects.toThrow("rolled back before any statement");
    await expect(dropped?.judged()).rejects.toThrow("never sent");
  });

  it("leaves with the BEGIN and the next statement, in one socket write", async () => {
    await withOneConnection(ctx, async (store) => {
      const query = vi.spyOn(pg.Client.prototype, "query");
      // A socket write is `_write` for one buffered chunk and `_writev` for several.
      const writes = [vi.spyOn(Socket.prototype, "_write"), vi.spyOn(Socket.prototype, "_writev")];
      await withWriteTransaction(store, async (trx) => {
        const check = await checkWithNextStatement(trx, one(trx), () => {});
        await insertRow(trx, 4);
        await check.judged();
      });
      const textOf = (sent: unknown) => (typeof sent === "string" ? sent : (sent as { text: string }).text);
      const sent = query.mock.calls.map(([first]) => textOf(first).trim().split(/\s+/)[0]?.toLowerCase());
      expect(sent).toEqual(["begin", "select", "insert", "commit"]);
      expect(writes.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(2);
    });
    expect(await storedIds()).toEqual([4]);
  });
});
