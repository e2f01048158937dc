import type { QueryCreator } from "kysely";
import pg from "pg";
import { afterEach, expect, it, vi } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, unique } from "../../test/factories.js";
import { appendAuditEntry } from "./audit.repository.js";
import { isUniqueViolation } from "./db-errors.js";
import type { Database, Executor } from "./schema.js";
import { insertTrailing } from "./trailing-inserts.js";
import { withWriteTransaction } from "./transaction.js";

/**
 * Trailing writes: on PostgreSQL a transaction holds them back and sends them together with its
 * next statement; on SQLite they run at once. Either way a reader must not be able to tell.
 */
describeEachDatabase("trailing writes", (ctx) => {
  afterEach(() => vi.restoreAllMocks());

  const audit = (db: Executor, clinicId: string, action: string) =>
    appendAuditEntry(db, { at: CREATED_AT, actorId: null, clinicId, patientId: null, action });

  const actions = async (clinicId: string) =>
    (
      await ctx.store.db
        .selectFrom("audit_log")
        .select("action")
        .where("clinic_id", "=", clinicId)
        .orderBy("action")
        .execute()
    ).map((row) => row.action);

  it("are seen by the transaction's next statement, and stored at its commit", async () => {
    const clinic = await newClinic(ctx.store);
    const seen = await withWriteTransaction(ctx.store, async (trx) => {
      await audit(trx, clinic.id, "first");
      await audit(trx, clinic.id, "second");
      return trx.selectFrom("audit_log").select("action").where("clinic_id", "=", clinic.id).execute();
    });
    expect(seen.map((row) => row.action).sort()).toEqual(["first", "second"]);
    expect(await actions(clinic.id)).toEqual(["first", "second"]);
  });

  it("are dropped with a transaction that rolls back", async () => {
    const clinic = await newClinic(ctx.store);
    const outcome = withWriteTransaction(ctx.store, async (trx) => {
      await audit(trx, clinic.id, "dropped");
      throw new Error("refused");
    });
    await expect(outcome).rejects.toThrow("refused");
    expect(await actions(clinic.id)).toEqual([]);
  });

  it("keep their place before a savepoint, so a rollback to it undoes only the rows after it", async () => {
    const clinic = await newClinic(ctx.store);
    const trx = await ctx.store.db.startTransaction().execute();
    try {
      await audit(trx, clinic.id, "before");
      const saved = await trx.savepoint("trailing").execute();
      await audit(saved, clinic.id, "after");
      await saved.rollbackToSavepoint("trailing").execute();
      await trx.commit().execute();
    } catch (error) {
      await trx.rollback().execute();
      throw error;
    }
    expect(await actions(clinic.id)).toEqual(["before"]);
  });

  it("say what a refusal means, wherever it surfaces, and a refused write undoes all", async () => {
    const clinic = await newClinic(ctx.store);
    const taken = unique("taken");
    const keyInsert = (key: string) => ({
      inserts: [
        (qc: QueryCreator<Database>) =>
          qc.insertInto("idempotency_key").values({
            clinic_id: clinic.id,
            account_id: "",
            key,
            request_hash: "h",
            response_status: 201,
            response_body: "null",
            created_at: CREATED_AT,
          }),
      ],
      refused: (error: unknown) => {
        if (isUniqueViolation(error, "idempotency_key")) throw new Error("key taken");
      },
    });
    await insertTrailing(ctx.store.db, keyInsert(taken));
    await expect(insertTrailing(ctx.store.db, keyInsert(taken))).rejects.toThrow("key taken");

    await withWriteTransaction(ctx.store, async (trx) => {
      await insertTrailing(trx, keyInsert(unique("fresh")));
      await audit(trx, clinic.id, "kept");
    });
    // Refused at the COMMIT (PostgreSQL) or at once (SQLite).
    const atCommit = withWriteTransaction(ctx.store, async (trx) => {
      await audit(trx, clinic.id, "undone");
      await insertTrailing(trx, keyInsert(taken));
    });
    await expect(atCommit).rejects.toThrow("key taken");
    // Refused with the statement after it (PostgreSQL): that statement's caller hears the refusal.
    const midway = withWriteTransaction(ctx.store, async (trx) => {
      await insertTrailing(trx, keyInsert(taken));
      await audit(trx, clinic.id, "undone too");
      await trx.selectFrom("audit_log").select("id").execute();
    });
    await expect(midway).rejects.toThrow("key taken");
    expect(await actions(clinic.id)).toEqual(["kept"]);
  });

  if (ctx.dialect === "postgres") {
    it("go to PostgreSQL as one statement, sent before the COMMIT", async () => {
      const clinic = await newClinic(ctx.store);
      const query = vi.spyOn(pg.Client.prototype, "query");
      await withWriteTransaction(ctx.store, async (trx) => {
        await audit(trx, clinic.id, "one");
        await audit(trx, clinic.id, "two");
        await audit(trx, clinic.id, "three");
      });
      // A statement goes as its text, or as a named statement's config (see prepared-statements.ts).
      const textOf = (sent: unknown) => (typeof sent === "string" ? sent : (sent as { text: string }).text);
      const sent = query.mock.calls.map(([first]) => textOf(first).trim().split(/\s+/)[0]?.toLowerCase());
      expect(sent).toEqual(["begin", "with", "commit"]);
      expect(await actions(clinic.id)).toEqual(["one", "three", "two"]);
    });
  }
});
