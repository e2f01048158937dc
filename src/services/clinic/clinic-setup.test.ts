import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { CREATED_AT, newDevice, newRoom, newService } from "../../../test/factories.js";
import { DEFAULT_PROTOCOL } from "../../domain/protocol/default-protocol.js";
import { updateRoom, updateService } from "../../store/catalog-admin.repository.js";
import { addProtocolVersion } from "../../store/protocol-version.repository.js";
import {
  addHoursException,
  deleteHoursException,
  replaceWorkingHours,
} from "../../store/provider.repository.js";
import { findSetupRevision } from "../../store/setup-revision.repository.js";
import { bookAppointment } from "../booking/book-appointment.service.js";
import { findSlots } from "../booking/slot-search.service.js";
import { ClinicSetupCache } from "./clinic-setup.js";

const MONDAY = { from: "2030-01-07T00:00:00Z", to: "2030-01-08T05:00:00Z" };

describeEachDatabase("clinic setup cache", (ctx) => {
  it("every write to a clinic's setup moves its revision; bookings do not", async () => {
    const s = await newTreatmentScene(ctx.store);
    const db = ctx.store.db;
    const revision = () => findSetupRevision(db, s.clinic.id);
    const [alice] = s.providers;
    if (!alice) throw new Error("scene has providers");
    const writes: [string, () => Promise<unknown>][] = [
      [
        "hours",
        () => replaceWorkingHours(db, alice.id, [{ weekday: 2, startTime: "09:00", endTime: "17:00" }]),
      ],
      [
        "time off",
        async () => {
          const off = await addHoursException(db, {
            clinicId: s.clinic.id,
            providerId: alice.id,
            kind: "time_off",
            startsAt: "2030-02-01T14:00:00Z",
            endsAt: "2030-02-01T18:00:00Z",
          });
          return deleteHoursException(db, s.clinic.id, off.id);
        },
      ],
      ["room", () => newRoom(ctx.store, s.clinic.id)],
      ["device", () => newDevice(ctx.store, s.clinic.id)],
      ["service", () => newService(ctx.store, s.clinic.id)],
      ["room update", () => updateRoom(db, s.clinic.id, s.rooms[0]?.id ?? "", { name: "Blue room" })],
      ["service update", () => updateService(db, s.clinic.id, s.services.consultation.id, { name: "Talk" })],
      [
        "protocol",
        () =>
          addProtocolVersion(db, {
            clinicId: s.clinic.id,
            version: "clinic-2",
            document: DEFAULT_PROTOCOL,
            createdAt: CREATED_AT,
          }),
      ],
    ];
    for (const [what, write] of writes) {
      const before = await revision();
      await write();
      expect([what, await revision()]).toEqual([what, (before ?? 0) + (what === "time off" ? 2 : 1)]);
    }
    const before = await revision();
    await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "consultation",
      startsAt: "2030-01-08T15:00:00Z",
    });
    expect(await revision()).toBe(before);
  });

  it("an instance with a cached setup sees another instance's change to it", async () => {
    const s = await newTreatmentScene(ctx.store);
    const [alice] = s.providers;
    if (!alice) throw new Error("scene has providers");
    const instanceA = { ...s.deps, setupCache: new ClinicSetupCache() };
    const aliceMonday = () =>
      findSlots(instanceA, {
        clinicId: s.clinic.id,
        serviceCode: "consultation",
        providerId: alice.id,
        ...MONDAY,
      });
    expect((await aliceMonday()).slots.length).toBeGreaterThan(0);
    expect((await aliceMonday()).slots.length).toBeGreaterThan(0); // served from the cache
    // Another instance (here: the store directly) takes Monday off Alice's week.
    await replaceWorkingHours(ctx.store.db, alice.id, [{ weekday: 2, startTime: "09:00", endTime: "17:00" }]);
    expect((await aliceMonday()).slots).toEqual([]);
    await addHoursException(ctx.store.db, {
      clinicId: s.clinic.id,
      providerId: alice.id,
      kind: "extra_hours",
      startsAt: "2030-01-07T14:00:00Z",
      endsAt: "2030-01-07T16:00:00Z",
    });
    expect((await aliceMonday()).slots.map((slot) => slot.startsAt)[0]).toBe("2030-01-07T14:00:00Z");
  });
});
