import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, newPatient, unique } from "../../test/factories.js";
import {
  createPatient,
  findPatientById,
  searchPatients,
  startBookingWrite,
  updatePatientProfile,
} from "./patient.repository.js";
import { bumpSetupRevision, findSetupRevision } from "./setup-revision.repository.js";
import { withWriteTransaction } from "./transaction.js";

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

  it("starts a booking write with the patient and the setup revision, only in the patient's clinic", async () => {
    const [clinic, other] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const patient = await newPatient(ctx.store, clinic.id);
    const { dialect } = ctx.store;
    const before = await startBookingWrite(ctx.store.db, dialect, clinic.id, patient.id);
    expect(before).toEqual({ patient, setupRevision: await findSetupRevision(ctx.store.db, clinic.id) });
    await withWriteTransaction(ctx.store, (trx) => bumpSetupRevision(trx, clinic.id));
    const after = await startBookingWrite(ctx.store.db, dialect, clinic.id, patient.id);
    expect(after.setupRevision).toBe((before.setupRevision ?? 0) + 1);
    expect(await startBookingWrite(ctx.store.db, dialect, other.id, patient.id)).toEqual({
      patient: undefined,
      setupRevision: undefined,
    });
  });

  it("holds the patient's row and shares the clinic's until the booking write ends (PostgreSQL)", async () => {
    if (ctx.store.dialect !== "postgres") return;
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    await withWriteTransaction(ctx.store, async (trx) => {
      await startBookingWrite(trx, "postgres", clinic.id, patient.id);
      // Another connection may share the clinic's row but not take the patient's.
      const lockPatient = ctx.store.db
        .selectFrom("patient")
        .select("id")
        .where("id", "=", patient.id)
        .forUpdate()
        .noWait()
        .execute();
      await expect(lockPatient).rejects.toThrow();
      const updateClinic = ctx.store.db
        .selectFrom("clinic")
        .select("id")
        .where("id", "=", clinic.id)
        .forNoKeyUpdate()
        .noWait()
        .execute();
      await expect(updateClinic).rejects.toThrow();
      const shareClinic = ctx.store.db
        .selectFrom("clinic")
        .select("id")
        .where("id", "=", clinic.id)
        .forShare()
        .noWait()
        .execute();
      await expect(shareClinic).resolves.toHaveLength(1);
    });
  });
});
