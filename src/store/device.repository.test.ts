import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newClinic, newDevice } from "../../test/factories.js";
import { createDevice, findDeviceById, listDevices } from "./device.repository.js";

describeEachDatabase("device repository", (ctx) => {
  it("round-trips devices and lists them by name, optionally only active ones", async () => {
    const clinic = await newClinic(ctx.store);
    const rf = await createDevice(ctx.store.db, { clinicId: clinic.id, name: "Morpheus8", kind: "rf" });
    const spin = await createDevice(ctx.store.db, {
      clinicId: clinic.id,
      name: "Centrifuge",
      kind: "centrifuge",
    });
    const old = await createDevice(ctx.store.db, {
      clinicId: clinic.id,
      name: "Old RF",
      kind: "rf",
      active: false,
    });

    expect(await findDeviceById(ctx.store.db, clinic.id, rf.id)).toEqual({
      id: rf.id,
      clinicId: clinic.id,
      name: "Morpheus8",
      kind: "rf",
      active: true,
    });
    expect(await listDevices(ctx.store.db, clinic.id)).toEqual([spin, rf, old]);
    expect(await listDevices(ctx.store.db, clinic.id, { activeOnly: true })).toEqual([spin, rf]);
  });

  it("does not find another clinic's device", async () => {
    const [mine, theirs] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const device = await newDevice(ctx.store, theirs.id);
    expect(await findDeviceById(ctx.store.db, mine.id, device.id)).toBeUndefined();
  });
});
