import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { newClinic, newProvider } from "../../../test/factories.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Clinic } from "../../domain/clinic/types.js";
import { DEFAULT_PROTOCOL } from "../../domain/protocol/default-protocol.js";
import { listAuditEntries } from "../../store/audit.repository.js";
import { addProtocolVersion } from "../../store/protocol-version.repository.js";
import { findSetupRevision } from "../../store/setup-revision.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { bookAppointment } from "../booking/book-appointment.service.js";
import { findSlots } from "../booking/slot-search.service.js";
import { refusalOf } from "../test-support.js";
import { addClinicService, changeClinicService } from "./catalog.service.js";
import { loadProtocolVersion } from "./clinic-context.js";
import { ClinicSetupCache } from "./clinic-setup.js";
import { saveProtocolVersion } from "./protocol.service.js";
import {
  addProvider,
  addProviderHoursException,
  changeProvider,
  removeProviderHoursException,
  replaceProviderWeek,
} from "./providers.service.js";
import { addDevice, addRoom, changeDevice, changeRoom } from "./rooms-and-devices.service.js";

const MONDAY = { from: "2030-01-07T00:00:00Z", to: "2030-01-08T05:00:00Z" };

/** An admin of the clinic, as a session would resolve it (its id names no account row). */
function adminOf(clinic: Clinic): SessionPrincipal {
  return {
    accountId: randomUUID(),
    clinicId: clinic.id,
    clinicSlug: clinic.slug,
    email: "admin@example.test",
    name: "Ada Admin",
    role: "admin",
    providerId: null,
    patientId: null,
  };
}

const TIME_OFF = {
  kind: "time_off",
  startsAt: "2030-02-01T14:00:00Z",
  endsAt: "2030-02-01T18:00:00Z",
  note: null,
} as const;

describeEachDatabase("clinic setup cache", (ctx) => {
  it("every write to a clinic's setup moves its revision and is audited; bookings do not move it", async () => {
    const s = await newTreatmentScene(ctx.store);
    const admin = adminOf(s.clinic);
    const revision = () => findSetupRevision(ctx.store.db, s.clinic.id);
    const audited = async () =>
      (await listAuditEntries(ctx.store.db, { clinicId: s.clinic.id, actorId: admin.accountId, limit: 1000 }))
        .length;
    const [alice] = s.providers;
    const [room] = s.rooms;
    if (!alice || !room) throw new Error("scene has providers and rooms");
    const writes: [string, () => Promise<unknown>][] = [
      [
        "hours",
        () =>
          replaceProviderWeek(s.deps, admin, alice.id, [
            { weekday: 2, startTime: "09:00", endTime: "17:00" },
          ]),
      ],
      [
        "time off",
        async () => {
          const off = await addProviderHoursException(s.deps, admin, alice.id, TIME_OFF);
          return removeProviderHoursException(s.deps, admin, alice.id, off.id);
        },
      ],
      ["provider", () => addProvider(s.deps, admin, { name: "Cleo", skills: ["consultation"] })],
      ["provider update", () => changeProvider(s.deps, admin, alice.id, { name: "Alice B." })],
      ["room", () => addRoom(s.deps, admin, { name: "Room 3" })],
      ["room update", () => changeRoom(s.deps, admin, room.id, { name: "Blue room" })],
      ["device", () => addDevice(s.deps, admin, { name: "RF 2", kind: "rf" })],
      ["device update", () => changeDevice(s.deps, admin, s.rf.id, { active: true })],
      ["service", () => addClinicService(s.deps, admin, { code: "peel", name: "Peel", durationMinutes: 30 })],
      [
        "service update",
        () => changeClinicService(s.deps, admin, s.services.consultation.id, { name: "Talk" }),
      ],
      ["protocol", () => saveProtocolVersion(s.deps, admin, { version: "clinic-2" })],
    ];
    for (const [what, write] of writes) {
      const before = await revision();
      const rows = await audited();
      await write();
      const steps = what === "time off" ? 2 : 1;
      expect([what, await revision()]).toEqual([what, (before ?? 0) + steps]);
      expect([what, await audited()]).toEqual([what, rows + steps]);
    }
    const entries = await listAuditEntries(ctx.store.db, { clinicId: s.clinic.id, limit: 1000 });
    expect(new Set(entries.map((e) => `${e.actorName} (${e.actorRole})`))).toEqual(
      new Set(["Ada Admin (admin)"]),
    );
    expect(entries.every((e) => e.target !== null)).toBe(true);
    const before = await revision();
    await bookAppointment(s.deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "consultation",
      startsAt: "2030-01-08T15:00:00Z",
    });
    expect(await revision()).toBe(before);
  });

  it("a setup write that fails leaves the revision and the audit as they were: one transaction", async () => {
    const s = await newTreatmentScene(ctx.store);
    const admin = adminOf(s.clinic);
    const [alice] = s.providers;
    if (!alice) throw new Error("scene has providers");
    await saveProtocolVersion(s.deps, admin, { version: "clinic-1" });
    const theirs = await newProvider(ctx.store, (await newClinic(ctx.store)).id);
    // Each fails after the repository has bumped the revision (the bump comes first).
    const failures: [string, string, () => Promise<unknown>][] = [
      [
        "reused service code",
        "conflict",
        () => addClinicService(s.deps, admin, { code: "consultation", name: "Again", durationMinutes: 30 }),
      ],
      [
        "reused protocol version",
        "conflict",
        () => saveProtocolVersion(s.deps, admin, { version: "clinic-1" }),
      ],
      ["unknown room", "not_found", () => changeRoom(s.deps, admin, randomUUID(), { name: "Nowhere" })],
      ["unknown device", "not_found", () => changeDevice(s.deps, admin, randomUUID(), { active: false })],
      ["unknown service", "not_found", () => changeClinicService(s.deps, admin, randomUUID(), { name: "x" })],
      [
        "another clinic's provider",
        "not_found",
        () => changeProvider(s.deps, admin, theirs.id, { name: "x" }),
      ],
      [
        "unknown time off",
        "not_found",
        () => removeProviderHoursException(s.deps, admin, alice.id, randomUUID()),
      ],
    ];
    const audited = async () =>
      (await listAuditEntries(ctx.store.db, { clinicId: s.clinic.id, limit: 1000 })).length;
    for (const [what, code, write] of failures) {
      const before = await findSetupRevision(ctx.store.db, s.clinic.id);
      const rows = await audited();
      expect([what, (await refusalOf(write())).code]).toEqual([what, code]);
      expect([what, await findSetupRevision(ctx.store.db, s.clinic.id)]).toEqual([what, before]);
      expect([what, await audited()]).toEqual([what, rows]);
    }
  });

  it("an instance with a cached setup sees another instance's change to it", async () => {
    const s = await newTreatmentScene(ctx.store);
    const admin = adminOf(s.clinic);
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
    // Another instance (one without a cache) takes Monday off Alice's week.
    await replaceProviderWeek(s.deps, admin, alice.id, [
      { weekday: 2, startTime: "09:00", endTime: "17:00" },
    ]);
    expect((await aliceMonday()).slots).toEqual([]);
    await addProviderHoursException(s.deps, admin, alice.id, {
      kind: "extra_hours",
      startsAt: "2030-01-07T14:00:00Z",
      endsAt: "2030-01-07T16:00:00Z",
      note: null,
    });
    expect((await aliceMonday()).slots.map((slot) => slot.startsAt)[0]).toBe("2030-01-07T14:00:00Z");
  });

  it("parses a saved protocol version once per cache, and again for another cache", async () => {
    const clinic = await newClinic(ctx.store);
    await withWriteTransaction(ctx.store, (trx) =>
      addProtocolVersion(trx, {
        clinicId: clinic.id,
        version: "clinic-1",
        document: { ...DEFAULT_PROTOCOL, version: "clinic-1" },
        createdAt: "2030-01-01T00:00:00Z",
      }),
    );
    const [a, b] = [new ClinicSetupCache(), new ClinicSetupCache()];
    const load = (cache?: ClinicSetupCache) =>
      loadProtocolVersion(ctx.store.db, clinic.id, "clinic-1", cache?.protocols);
    const first = await load(a);
    expect(first.version).toBe("clinic-1");
    expect(await load(a)).toBe(first);
    expect(await load(b)).not.toBe(first);
    expect(await load()).not.toBe(first);
  });
});
