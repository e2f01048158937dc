import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, unique } from "../../test/factories.js";
import { DomainError } from "../domain/errors.js";
import { createClinic, findClinicBySlug } from "./clinic.repository.js";
import { withWriteTransaction } from "./transaction.js";

const policy = { minNoticeMinutes: 0, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 90 };

function transient(dialect: "sqlite" | "postgres"): Error & { code: string } {
  return Object.assign(new Error("busy"), { code: dialect === "sqlite" ? "SQLITE_BUSY" : "40P01" });
}

describeEachDatabase("withWriteTransaction", (ctx) => {
  it("commits and returns what the callback returns", async () => {
    const slug = unique("tx");
    const clinic = await withWriteTransaction(ctx.store, (trx) =>
      createClinic(trx, { slug, name: "Committed", timeZone: "UTC", policy, createdAt: CREATED_AT }),
    );
    expect(await findClinicBySlug(ctx.store.db, slug)).toEqual(clinic);
  });

  it("rolls back every write when the callback throws, and rethrows", async () => {
    const slug = unique("tx");
    const boom = new Error("boom");
    const error = await withWriteTransaction(ctx.store, async (trx) => {
      await createClinic(trx, { slug, name: "Rolled back", timeZone: "UTC", policy, createdAt: CREATED_AT });
      await createClinic(trx, {
        slug: `${slug}-2`,
        name: "Rolled back",
        timeZone: "UTC",
        policy,
        createdAt: CREATED_AT,
      });
      throw boom;
    }).catch((e: unknown) => e);

    expect(error).toBe(boom);
    expect(await findClinicBySlug(ctx.store.db, slug)).toBeUndefined();
    expect(await findClinicBySlug(ctx.store.db, `${slug}-2`)).toBeUndefined();
  });

  it("retries a transient conflict and then succeeds", async () => {
    let attempts = 0;
    const result = await withWriteTransaction(ctx.store, async (trx) => {
      attempts++;
      await newClinic(trx);
      if (attempts < 3) throw transient(ctx.dialect);
      return "done";
    });
    expect(result).toBe("done");
    expect(attempts).toBe(3);
  });

  it("gives up after a few transient failures with a busy answer, and does not retry other errors", async () => {
    let attempts = 0;
    const error = await withWriteTransaction(ctx.store, async () => {
      attempts++;
      throw transient(ctx.dialect);
    }).catch((e: unknown) => e);
    // A deadlock that outlives the retries is the client's to retry (503), never an unexplained 500.
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "busy", details: { retryAfterSeconds: 1 } });
    expect(((error as Error).cause as { code?: string }).code).toBe(transient(ctx.dialect).code);
    expect(attempts).toBe(5);

    attempts = 0;
    await withWriteTransaction(ctx.store, async () => {
      attempts++;
      throw new Error("not transient");
    }).catch(() => {});
    expect(attempts).toBe(1);
  });

  it("keeps the store usable after a rollback", async () => {
    await withWriteTransaction(ctx.store, async () => {
      throw new Error("first");
    }).catch(() => {});
    const clinic = await withWriteTransaction(ctx.store, (trx) => newClinic(trx));
    expect(clinic.slug).toMatch(/^clinic-/);
  });

  if (ctx.dialect === "sqlite") {
    it("takes SQLite's write lock at BEGIN, before the first write", async () => {
      await withWriteTransaction(ctx.store, async (trx) => {
        const { rows } = await sql<{ file: string }>`pragma database_list`.execute(trx);
        const file = rows[0]?.file;
        expect(file).toBeTruthy();
        // Another process-like connection that will not wait: it must find the lock already taken.
        const other = new SqliteDatabase(file as string, { timeout: 0 });
        try {
          expect(() => other.exec("begin immediate")).toThrow(/locked|busy/i);
        } finally {
          other.close();
        }
      });
    });
  }
});
