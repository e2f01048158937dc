import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newClinic, newService } from "../../test/factories.js";
import { DomainError } from "../domain/errors.js";
import { createService, findServiceById, listServices } from "./service.repository.js";

describeEachDatabase("service repository", (ctx) => {
  it("round-trips a service, device kinds and flags included", async () => {
    const clinic = await newClinic(ctx.store);
    const created = await createService(ctx.store.db, {
      clinicId: clinic.id,
      code: "rf_microneedling",
      name: "RF microneedling",
      durationMinutes: 75,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 20,
      needsRoom: true,
      roomKinds: ["treatment"],
      deviceKinds: ["rf"],
      addOn: "rf",
      isTreatment: true,
    });
    const expected = {
      id: created.id,
      clinicId: clinic.id,
      code: "rf_microneedling",
      name: "RF microneedling",
      durationMinutes: 75,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 20,
      needsRoom: true,
      roomKinds: ["treatment"],
      deviceKinds: ["rf"],
      addOn: "rf",
      isTreatment: true,
      active: true,
    };
    expect(await findServiceById(ctx.store.db, clinic.id, created.id)).toEqual(expected);
    expect(await listServices(ctx.store.db, clinic.id)).toEqual([expected]);
  });

  it("defaults to no buffers, no room, no devices, no add-on", async () => {
    const clinic = await newClinic(ctx.store);
    const consultation = await createService(ctx.store.db, {
      clinicId: clinic.id,
      code: "consultation",
      name: "Consultation",
      durationMinutes: 30,
      isTreatment: false,
    });
    expect(await findServiceById(ctx.store.db, clinic.id, consultation.id)).toEqual({
      ...consultation,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      needsRoom: false,
      roomKinds: ["treatment", "consult"],
      deviceKinds: [],
      addOn: null,
      isTreatment: false,
    });
  });

  it("keeps codes unique per clinic, not across clinics: a reused one is a conflict naming the code", async () => {
    const [a, b] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    await newService(ctx.store, a.id, { code: "microneedling" });
    await newService(ctx.store, b.id, { code: "microneedling" });
    const error = await newService(ctx.store, a.id, { code: "microneedling" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "conflict", details: { fields: [{ path: "code" }] } });
    expect(await listServices(ctx.store.db, a.id)).toHaveLength(1);
  });

  it("lists by code, optionally only active ones", async () => {
    const clinic = await newClinic(ctx.store);
    const z = await newService(ctx.store, clinic.id, { code: "z", active: false });
    const a = await newService(ctx.store, clinic.id, { code: "a" });
    expect(await listServices(ctx.store.db, clinic.id)).toEqual([a, z]);
    expect(await listServices(ctx.store.db, clinic.id, { activeOnly: true })).toEqual([a]);
  });
});
