import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic } from "../../test/factories.js";
import {
  createClosure,
  deleteClosure,
  findClosureById,
  listClosures,
  updateClosure,
} from "./closure.repository.js";
import { findSetupRevision } from "./setup-revision.repository.js";

describeEachDatabase("closure repository", (ctx) => {
  it("round-trips closures, lists those holding a day of a range by first day, and bumps the setup revision", async () => {
    const clinic = await newClinic(ctx.store);
    const db = ctx.store.db;
    const at = { clinicId: clinic.id, note: null, createdAt: CREATED_AT };
    const newYear = await createClosure(db, { ...at, firstDay: "2031-01-01", lastDay: "2031-01-01" });
    const christmas = await createClosure(db, {
      ...at,
      firstDay: "2030-12-24",
      lastDay: "2030-12-26",
      note: "Christmas",
    });
    expect(await findSetupRevision(db, clinic.id)).toBe(2);
    expect(await findClosureById(db, clinic.id, christmas.id)).toEqual({
      id: christmas.id,
      clinicId: clinic.id,
      firstDay: "2030-12-24",
      lastDay: "2030-12-26",
      note: "Christmas",
    });
    expect(await listClosures(db, clinic.id)).toEqual([christmas, newYear]);
    expect(await listClosures(db, clinic.id, { fromDay: "2030-12-26" })).toEqual([christmas, newYear]);
    expect(await listClosures(db, clinic.id, { fromDay: "2030-12-27" })).toEqual([newYear]);
    expect(await listClosures(db, clinic.id, { toDay: "2030-12-31" })).toEqual([christmas]);

    expect(await updateClosure(db, clinic.id, newYear.id, { lastDay: "2031-01-02", note: "New Year" })).toBe(
      true,
    );
    expect(await findClosureById(db, clinic.id, newYear.id)).toMatchObject({
      lastDay: "2031-01-02",
      note: "New Year",
    });
    expect(await deleteClosure(db, clinic.id, christmas.id)).toBe(true);
    expect(await deleteClosure(db, clinic.id, christmas.id)).toBe(false);
    expect(await findSetupRevision(db, clinic.id)).toBe(5);
  });

  it("does not find, change or delete another clinic's closure", async () => {
    const [mine, theirs] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const db = ctx.store.db;
    const closure = await createClosure(db, {
      clinicId: theirs.id,
      firstDay: "2030-07-04",
      lastDay: "2030-07-04",
      note: null,
      createdAt: CREATED_AT,
    });
    expect(await findClosureById(db, mine.id, closure.id)).toBeUndefined();
    expect(await updateClosure(db, mine.id, closure.id, { note: "x" })).toBe(false);
    expect(await deleteClosure(db, mine.id, closure.id)).toBe(false);
    expect(await listClosures(db, mine.id)).toEqual([]);
  });
});
