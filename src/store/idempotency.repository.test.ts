import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, unique } from "../../test/factories.js";
import { findClinicBySlug } from "./clinic.repository.js";
import {
  findIdempotencyRecord,
  type IdempotencyRecord,
  saveIdempotencyRecord,
} from "./idempotency.repository.js";
import type { Executor } from "./schema.js";
import { withWriteTransaction } from "./transaction.js";

class KeyTaken extends Error {}

/** True when the record was saved, false when its key was taken. */
async function save(db: Executor, record: IdempotencyRecord): Promise<boolean> {
  try {
    await saveIdempotencyRecord(db, record, () => {
      throw new KeyTaken();
    });
    return true;
  } catch (error) {
    if (error instanceof KeyTaken) return false;
    throw error;
  }
}

describeEachDatabase("idempotency repository", (ctx) => {
  it("saves the first answer for a key and keeps it against later saves", async () => {
    const clinic = await newClinic(ctx.store);
    const first = {
      clinicId: clinic.id,
      accountId: "account-1",
      key: "req-1",
      requestHash: "sha256:aaa",
      responseStatus: 201,
      responseBody: { id: "b1", startsAt: "2030-01-07T15:00:00Z", holds: ["p", "r"] },
      createdAt: "2029-12-01T00:00:00Z",
    };
    expect(await findIdempotencyRecord(ctx.store.db, first)).toBeUndefined();
    expect(await save(ctx.store.db, first)).toBe(true);
    expect(await save(ctx.store.db, { ...first, requestHash: "sha256:bbb", responseStatus: 409 })).toBe(
      false,
    );
    expect(await findIdempotencyRecord(ctx.store.db, first)).toEqual(first);
  });

  it("scopes keys by clinic", async () => {
    const [a, b] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const record = {
      accountId: null,
      key: "same",
      requestHash: "h",
      responseStatus: 200,
      responseBody: null,
      createdAt: CREATED_AT,
    };
    expect(await save(ctx.store.db, { ...record, clinicId: a.id })).toBe(true);
    expect(await save(ctx.store.db, { ...record, clinicId: b.id })).toBe(true);
    expect(
      (await findIdempotencyRecord(ctx.store.db, { ...record, clinicId: b.id }))?.responseBody,
    ).toBeNull();
  });

  it("scopes keys by the account that sent them: another account's answer is never found", async () => {
    const clinic = await newClinic(ctx.store);
    const record = {
      clinicId: clinic.id,
      key: "shared-key",
      requestHash: "h",
      responseStatus: 201,
      createdAt: CREATED_AT,
    };
    const scope = (accountId: string | null) => ({ clinicId: clinic.id, accountId, key: "shared-key" });
    expect(await save(ctx.store.db, { ...record, accountId: "a", responseBody: "A" })).toBe(true);
    expect(await findIdempotencyRecord(ctx.store.db, scope("b"))).toBeUndefined();
    expect(await findIdempotencyRecord(ctx.store.db, scope(null))).toBeUndefined();
    expect(await save(ctx.store.db, { ...record, accountId: "b", responseBody: "B" })).toBe(true);
    expect((await findIdempotencyRecord(ctx.store.db, scope("a")))?.responseBody).toBe("A");
    expect((await findIdempotencyRecord(ctx.store.db, scope("b")))?.responseBody).toBe("B");
  });

  it("undoes the whole transaction when the key is taken, whenever the database says so", async () => {
    const clinic = await newClinic(ctx.store);
    const record = {
      clinicId: clinic.id,
      accountId: null,
      key: "raced",
      requestHash: "h",
      responseStatus: 201,
      responseBody: "first",
      createdAt: CREATED_AT,
    };
    expect(await save(ctx.store.db, record)).toBe(true);
    const slug = unique("loser");
    const outcome = withWriteTransaction(ctx.store, async (trx) => {
      await newClinic(trx, { slug });
      await saveIdempotencyRecord(trx, { ...record, responseBody: "second" }, () => {
        throw new KeyTaken();
      });
      return "committed";
    });
    await expect(outcome).rejects.toBeInstanceOf(KeyTaken);
    expect(await findClinicBySlug(ctx.store.db, slug)).toBeUndefined();
    expect((await findIdempotencyRecord(ctx.store.db, record))?.responseBody).toBe("first");
  });
});
