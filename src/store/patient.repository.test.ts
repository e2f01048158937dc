import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, newPatient } from "../../test/factories.js";
import { createPatient, findPatientById, listPatients } from "./patient.repository.js";

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
    expect(await listPatients(ctx.store.db, mine.id)).toEqual([own]);
  });
});
