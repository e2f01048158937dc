import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newClinic, unique } from "../../test/factories.js";
import { findClinicBySlug } from "./clinic.repository.js";
import { withWriteTransaction } from "./transaction.js";

/**
 * Many write transactions asked for at once. On SQLite they share commits (see SqliteGroupCommit);
 * on PostgreSQL they run side by side. Either way each caller must get a transaction of its own.
 */
describeEachDatabase("write transactions asked for at once", (ctx) => {
  it("commit or fail one by one: a failing write takes no other write with it", async () => {
    const slugs = Array.from({ length: 12 }, () => unique("group"));
    const failing = new Set([3, 7]);
    const outcomes = await Promise.allSettled(
      slugs.map((slug, i) =>
        withWriteTransaction(ctx.store, async (trx) => {
          await newClinic(trx, { slug });
          if (failing.has(i)) throw new Error(`write ${i} refused`);
          return i;
        }),
      ),
    );

    for (const [i, slug] of slugs.entries()) {
      const stored = await findClinicBySlug(ctx.store.db, slug);
      if (failing.has(i)) {
        expect(outcomes[i]).toMatchObject({ status: "rejected", reason: { message: `write ${i} refused` } });
        expect(stored).toBeUndefined();
      } else {
        expect(outcomes[i]).toEqual({ status: "fulfilled", value: i });
        expect(stored?.slug).toBe(slug);
      }
    }
  });

  if (ctx.dialect === "sqlite") {
    it("share one commit, and no other connection sees a write before that commit", async () => {
      const file = await databaseFile(ctx.store.db);
      const other = new SqliteDatabase(file, { readonly: true });
      try {
        const first = unique("group");
        const second = unique("group");
        const seenFromOutside: unknown[] = [];
        await Promise.all([
          withWriteTransaction(ctx.store, (trx) => newClinic(trx, { slug: first })),
          withWriteTransaction(ctx.store, async (trx) => {
            // The first write is done (this one runs after it, in the same transaction) yet not committed.
            expect(await findClinicBySlug(trx, first)).toBeDefined();
            seenFromOutside.push(other.prepare("select slug from clinic where slug = ?").get(first));
            return newClinic(trx, { slug: second });
          }),
        ]);
        expect(seenFromOutside).toEqual([undefined]);
        const committed = other
          .prepare("select count(*) as n from clinic where slug in (?, ?)")
          .get(first, second);
        expect(committed).toEqual({ n: 2 });
      } finally {
        other.close();
      }
    });

    it("tell each caller the truth when the disk fills in the middle of a group", async () => {
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(ctx.store.db);
      const pages = rows[0]?.page_count ?? 0;
      // A few free pages: small writes fit, a megabyte does not (SQLITE_FULL, which may end the
      // whole transaction).
      await sql.raw(`pragma max_page_count = ${pages + 8}`).execute(ctx.store.db);
      try {
        const slugs = [unique("full"), unique("full"), unique("full")];
        const outcomes = await Promise.allSettled([
          withWriteTransaction(ctx.store, (trx) => newClinic(trx, { slug: slugs[0] })),
          withWriteTransaction(ctx.store, (trx) =>
            newClinic(trx, { slug: slugs[1], name: "x".repeat(1_000_000) }),
          ),
          withWriteTransaction(ctx.store, (trx) => newClinic(trx, { slug: slugs[2] })),
        ]);
        expect(outcomes[1]?.status).toBe("rejected");
        // Whatever SQLite did, an answer of success means stored and a failure means not stored.
        for (const [i, slug] of slugs.entries()) {
          const stored = await findClinicBySlug(ctx.store.db, slug as string);
          expect(stored !== undefined).toBe(outcomes[i]?.status === "fulfilled");
        }
        // The write queued behind the failure still ran, in a fresh transaction if need be.
        expect(outcomes[2]?.status).toBe("fulfilled");
      } finally {
        await sql`pragma max_page_count = 1073741823`.execute(ctx.store.db);
      }
      // The connection is left with no transaction open.
      const after = await withWriteTransaction(ctx.store, (trx) => newClinic(trx));
      expect(await findClinicBySlug(ctx.store.db, after.slug)).toBeDefined();
    });
  }
});

async function databaseFile(db: Parameters<typeof findClinicBySlug>[0]): Promise<string> {
  const { rows } = await sql<{ file: string }>`pragma database_list`.execute(db);
  const file = rows[0]?.file;
  if (!file) throw new Error("the test database has no file");
  return file;
}
