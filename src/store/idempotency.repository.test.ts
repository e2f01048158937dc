import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic } from "../../test/factories.js";
import { findIdempotencyRecord, saveIdempotencyRecord } from "./idempotency.repository.js";

describeEachDatabase("idempotency repository", (ctx) => {
  it("saves the first answer for a key and keeps it against later saves", async () => {
    const clinic = await newClinic(ctx.store);
    const first = {
      clinicId: clinic.id,
      key: "req-1",
      requestHash: "sha256:aaa",
      responseStatus: 201,
      responseBody: { id: "b1", startsAt: "2030-01-07T15:00:00Z", holds: ["p", "r"] },
      createdAt: "2029-12-01T00:00:00Z",
    };
    expect(await findIdempotencyRecord(ctx.store.db, clinic.id, "req-1")).toBeUndefined();
    expect(await saveIdempotencyRecord(ctx.store.db, first)).toBe(true);
    expect(
      await saveIdempotencyRecord(ctx.store.db, { ...first, requestHash: "sha256:bbb", responseStatus: 409 }),
    ).toBe(false);
    expect(await findIdempotencyRecord(ctx.store.db, clinic.id, "req-1")).toEqual(first);
  });

  it("scopes keys by clinic", async () => {
    const [a, b] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const record = {
      key: "same",
      requestHash: "h",
      responseStatus: 200,
      responseBody: null,
      createdAt: CREATED_AT,
    };
    expect(await saveIdempotencyRecord(ctx.store.db, { ...record, clinicId: a.id })).toBe(true);
    expect(await saveIdempotencyRecord(ctx.store.db, { ...record, clinicId: b.id })).toBe(true);
    expect((await findIdempotencyRecord(ctx.store.db, b.id, "same"))?.responseBody).toBeNull();
  });
});
