import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic } from "../../test/factories.js";
import { DomainError } from "../domain/errors.js";
import { isUniqueViolation } from "./db-errors.js";
import {
  addProtocolVersion,
  findCurrentProtocolVersion,
  findProtocolVersion,
} from "./protocol-version.repository.js";
import { withWriteTransaction } from "./transaction.js";

const document = {
  intervalDays: { min: 28, max: 42 },
  washouts: [{ medication: "topical_retinoid", days: 7 }],
};

describeEachDatabase("protocol version repository", (ctx) => {
  it("makes each added version current and the previous one not", async () => {
    const clinic = await newClinic(ctx.store);
    expect(await findCurrentProtocolVersion(ctx.store.db, clinic.id)).toBeUndefined();

    const v1 = await withWriteTransaction(ctx.store, (trx) =>
      addProtocolVersion(trx, {
        clinicId: clinic.id,
        version: "2026.1",
        document,
        createdAt: "2026-11-01T10:00:00Z",
      }),
    );
    expect(await findCurrentProtocolVersion(ctx.store.db, clinic.id)).toEqual(v1);

    const v2 = await withWriteTransaction(ctx.store, (trx) =>
      addProtocolVersion(trx, {
        clinicId: clinic.id,
        version: "2026.2",
        document: { ...document, intervalDays: { min: 30, max: 45 } },
        createdAt: "2026-11-20T10:00:00Z",
      }),
    );

    expect(await findCurrentProtocolVersion(ctx.store.db, clinic.id)).toEqual(v2);
    expect(await findProtocolVersion(ctx.store.db, clinic.id, "2026.1")).toEqual({
      ...v1,
      isCurrent: false,
      document,
      createdAt: "2026-11-01T10:00:00Z",
    });
  });

  it("keeps clinics' current versions apart", async () => {
    const [a, b] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    await withWriteTransaction(ctx.store, (trx) =>
      addProtocolVersion(trx, { clinicId: a.id, version: "1", document, createdAt: CREATED_AT }),
    );
    await withWriteTransaction(ctx.store, (trx) =>
      addProtocolVersion(trx, { clinicId: b.id, version: "1", document, createdAt: CREATED_AT }),
    );
    expect((await findCurrentProtocolVersion(ctx.store.db, a.id))?.clinicId).toBe(a.id);
    expect((await findCurrentProtocolVersion(ctx.store.db, b.id))?.clinicId).toBe(b.id);
  });

  it("refuses a reused version label as a conflict and leaves the current one in place", async () => {
    const clinic = await newClinic(ctx.store);
    const v1 = await withWriteTransaction(ctx.store, (trx) =>
      addProtocolVersion(trx, { clinicId: clinic.id, version: "1", document, createdAt: CREATED_AT }),
    );
    const error = await withWriteTransaction(ctx.store, (trx) =>
      addProtocolVersion(trx, { clinicId: clinic.id, version: "1", document, createdAt: CREATED_AT }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "conflict", details: { fields: [{ path: "version" }] } });
    expect(await findCurrentProtocolVersion(ctx.store.db, clinic.id)).toEqual(v1);
  });

  it("lets the database refuse a second current version", async () => {
    const clinic = await newClinic(ctx.store);
    await withWriteTransaction(ctx.store, (trx) =>
      addProtocolVersion(trx, { clinicId: clinic.id, version: "1", document, createdAt: CREATED_AT }),
    );
    // Bypass the repository: the partial unique index is the guard.
    const error = await sql`
      insert into protocol_version (id, clinic_id, version, document, created_at, is_current)
      values ('rogue', ${clinic.id}, '2', '{}', '2026-11-27T00:00:00.000Z', true)
    `
      .execute(ctx.store.db)
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });
});
