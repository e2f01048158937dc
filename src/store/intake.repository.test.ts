import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, newPatient } from "../../test/factories.js";
import type { Intake } from "../domain/protocol/intake.js";
import { isUniqueViolation } from "./db-errors.js";
import { findIntakeVersion, findLatestIntake, listIntakeVersions, saveIntake } from "./intake.repository.js";

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
    expect(await listIntakeVersions(ctx.store.db, patient.id)).toEqual([v1, v2]);
  });

  it("numbers versions per patient", async () => {
    const clinic = await newClinic(ctx.store);
    const [a, b] = await Promise.all([newPatient(ctx.store, clinic.id), newPatient(ctx.store, clinic.id)]);
    await saveIntake(ctx.store.db, a.id, first, CREATED_AT);
    await saveIntake(ctx.store.db, a.id, second, CREATED_AT);
    expect((await saveIntake(ctx.store.db, b.id, first, CREATED_AT)).version).toBe(1);
  });

  it("refuses a duplicate version number", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    await saveIntake(ctx.store.db, patient.id, first, CREATED_AT);
    const error = await ctx.store.db
      .insertInto("intake_version")
      .values({
        id: "dup",
        patient_id: patient.id,
        version: 1,
        data: "{}",
        created_at: "2026-11-27T00:00:00.000Z",
      })
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });
});
