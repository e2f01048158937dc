import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase, withOneConnection } from "../../test/databases.js";
import type { Store } from "./database.js";
import { isStalePreparedPlan } from "./db-errors.js";
import { withWriteTransaction } from "./transaction.js";

/** Named statements are PostgreSQL's; SQLite's driver keeps its statements compiled already. */
describeEachDatabase("prepared statements", (ctx) => {
  it("are not blamed for other errors of either database", async () => {
    await sql`create table prepared_unique (id integer primary key)`.execute(ctx.store.db);
    await sql`insert into prepared_unique values (${1})`.execute(ctx.store.db);
    const error = await sql`insert into prepared_unique values (${1})`.execute(ctx.store.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isStalePreparedPlan(error)).toBe(false);
  });

  if (ctx.dialect !== "postgres") return;

  const prepared = async (store: Store) =>
    (
      await sql<{ statement: string }>`select statement from pg_prepared_statements order by name`.execute(
        store.db,
      )
    ).rows.map((row) => row.statement);

  it("are named once per connection when they carry parameters, and used again", async () => {
    await withOneConnection(ctx, async (store) => {
      for (const n of [1, 2, 3]) {
        const { rows } = await sql<{ doubled: number }>`select ${n}::int * 2 as doubled`.execute(store.db);
        expect(rows).toEqual([{ doubled: n * 2 }]);
      }
      await sql`select 1`.execute(store.db);
      expect(await prepared(store)).toEqual(["select $1::int * 2 as doubled"]);
    });
  });

  it("stop when a table changes shape under them, and a write is tried again unnamed", async () => {
    await sql`create table prepared_shape (id integer primary key)`.execute(ctx.store.db);
    await sql`insert into prepared_shape values (1)`.execute(ctx.store.db);
    await withOneConnection(ctx, async (store) => {
      const read = (db: Store["db"]) => sql`select * from prepared_shape where id = ${1}`.execute(db);
      expect((await read(store.db)).rows).toEqual([{ id: 1 }]);
      // Another server migrates the table meanwhile.
      await sql`alter table prepared_shape add column note text`.execute(ctx.store.db);

      const rows = await withWriteTransaction(store, async (trx) => (await read(trx)).rows);
      expect(rows).toEqual([{ id: 1, note: null }]);
      // The pool names nothing new after that, and the stale statement is never sent again.
      await sql`select ${2}::int as two`.execute(store.db);
      expect(await prepared(store)).toEqual(["select * from prepared_shape where id = $1"]);
    });
  });

  it("know the error a stale plan raises", async () => {
    await withOneConnection(ctx, async (store) => {
      await sql`create table prepared_stale (id integer)`.execute(ctx.store.db);
      const read = () => sql`select * from prepared_stale where id = ${1}`.execute(store.db);
      await read();
      await sql`alter table prepared_stale add column extra integer`.execute(ctx.store.db);
      const error = await read().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isStalePreparedPlan(error)).toBe(true);
    });
  });
});
