import type { KyselyPlugin } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, newPatient } from "../../test/factories.js";
import { DomainError } from "../domain/errors.js";
import type { Intake } from "../domain/protocol/intake.js";
import { findIntakeVersion, findLatestIntake, saveIntake } from "./intake.repository.js";

const first: Intake = {
  concerns: [{ code: "acne_scars", severity: "moderate" }],
  medications: [{ code: "topical_retinoid", ongoing: true }],
  recentProcedures: [],
  conditions: [],
};

const second: Intake = {
  concerns: [
    { code: "acne_scars", severity: "moderate" },
    { code: "hyperpigmentation", severity: "mild" },
  ],
  medications: [{ code: "topical_retinoid", lastTakenOn: "2026-11-20" }],
  recentProcedures: [{ code: "chemical_peel", on: "2026-10-01" }],
  conditions: ["cold_sore_history"],
};

describeEachDatabase("intake repository", (ctx) => {
  it("keeps every version and answers the latest", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    expect(await findLatestIntake(ctx.store.db, patient.id)).toBeUndefined();

    const v1 = await saveIntake(ctx.store.db, patient.id, first, "2026-11-21T09:30:00.250Z");
    const v2 = await saveIntake(ctx.store.db, patient.id, second, "2026-11-22T09:30:00Z");

    expect(v1).toMatchObject({ version: 1, createdAt: "2026-11-21T09:30:00.25Z", data: first });
    expect(v2).toMatchObject({ version: 2, data: second });
    expect(await findLatestIntake(ctx.store.db, patient.id)).toEqual(v2);
    expect(await findIntakeVersion(ctx.store.db, patient.id, 1)).toEqual(v1);
    expect(await findIntakeVersion(ctx.store.db, patient.id, 3)).toBeUndefined();
  });

  it("numbers versions per patient", async () => {
    const clinic = await newClinic(ctx.store);
    const [a, b] = await Promise.all([newPatient(ctx.store, clinic.id), newPatient(ctx.store, clinic.id)]);
    await saveIntake(ctx.store.db, a.id, first, CREATED_AT);
    await saveIntake(ctx.store.db, a.id, second, CREATED_AT);
    expect((await saveIntake(ctx.store.db, b.id, first, CREATED_AT)).version).toBe(1);
  });

  it("answers a conflict, not a driver error, when another save took the version number", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    await saveIntake(ctx.store.db, patient.id, first, CREATED_AT);
    // As if another writer saved version 1 between this save's read of the last version and its insert.
    const error = await saveIntake(
      ctx.store.db.withPlugin(staleLastVersion),
      patient.id,
      second,
      CREATED_AT,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "conflict", details: { version: 1 } });
    expect(await findLatestIntake(ctx.store.db, patient.id)).toMatchObject({ version: 1, data: first });
  });
});

/** Makes the "last version so far" read come back empty, whatever is stored. */
const staleLastVersion: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async ({ result }) => {
    const [row] = result.rows;
    const onlyVersion = result.rows.length === 1 && row && Object.keys(row).join() === "version";
    return onlyVersion ? { ...result, rows: [{ version: null }] } : result;
  },
};
