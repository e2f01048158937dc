import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, newPatient, unique } from "../../test/factories.js";
import {
  createPatient,
  findPatientById,
  searchPatients,
  updatePatientProfile,
} from "./patient.repository.js";

describeEachDatabase("patient repository", (ctx) => {
  it("round-trips a patient, nullable contacts included", async () => {
    const clinic = await newClinic(ctx.store);
    const created = await createPatient(ctx.store.db, {
      clinicId: clinic.id,
      name: "Zoë O'Brien",
      email: null,
      phone: "+1 555 0100",
      timeZone: "America/Los_Angeles",
      createdAt: CREATED_AT,
    });
    expect(await findPatientById(ctx.store.db, clinic.id, created.id)).toEqual({
      id: created.id,
      clinicId: clinic.id,
      name: "Zoë O'Brien",
      email: null,
      phone: "+1 555 0100",
      timeZone: "America/Los_Angeles",
    });
  });

  it("does not find or list another clinic's patient", async () => {
    const [mine, theirs] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const patient = await newPatient(ctx.store, theirs.id);
    const own = await newPatient(ctx.store, mine.id);
    expect(await findPatientById(ctx.store.db, mine.id, patient.id)).toBeUndefined();
    expect(await searchPatients(ctx.store.db, { clinicId: mine.id, limit: 10, offset: 0 })).toEqual([own]);
  });

  it("searches names and emails case-insensitively, taking % and _ literally", async () => {
    const clinic = await newClinic(ctx.store);
    const tag = unique("Tag");
    const add = (name: string, email: string | null) =>
      createPatient(ctx.store.db, {
        clinicId: clinic.id,
        name,
        email,
        timeZone: "America/New_York",
        createdAt: CREATED_AT,
      });
    const ann = await add(`Ann ${tag}`, null);
    const bo = await add("Bo", `bo.${tag.toLowerCase()}@example.test`);
    await add("Percent 100%", null);
    const search = (q: string) =>
      searchPatients(ctx.store.db, { clinicId: clinic.id, q, limit: 10, offset: 0 });
    expect(await search(tag.toUpperCase())).toEqual([ann, bo]);
    expect(await search("%")).toHaveLength(1);
    expect(await search("_")).toEqual([]);
    expect(await searchPatients(ctx.store.db, { clinicId: clinic.id, q: tag, limit: 1, offset: 1 })).toEqual([
      bo,
    ]);
  });

  it("changes only the profile fields given, and only in the patient's clinic", async () => {
    const [clinic, other] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const patient = await newPatient(ctx.store, clinic.id);
    const renamed = await updatePatientProfile(ctx.store.db, clinic.id, patient.id, { name: "New Name" });
    expect(renamed).toEqual({ ...patient, name: "New Name" });
    const moved = await updatePatientProfile(ctx.store.db, clinic.id, patient.id, {
      phone: null,
      timeZone: "Europe/Berlin",
    });
    expect(moved).toEqual({ ...patient, name: "New Name", phone: null, timeZone: "Europe/Berlin" });
    expect(await updatePatientProfile(ctx.store.db, other.id, patient.id, { name: "Taken" })).toBeUndefined();
    expect((await findPatientById(ctx.store.db, clinic.id, patient.id))?.name).toBe("New Name");
  });
});
