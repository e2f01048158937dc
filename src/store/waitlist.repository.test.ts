import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newBookingScene, newPatient, newProvider, newService } from "../../test/factories.js";
import {
  addWaitlistEntry,
  closeWaitlistEntry,
  type FreedSlot,
  findWaitlistEntryById,
  listWaitingEntriesForSlot,
  listWaitlist,
  markWaitlistEntryOffered,
} from "./waitlist.repository.js";

describeEachDatabase("waitlist repository", (ctx) => {
  it("round-trips an entry", async () => {
    const scene = await newBookingScene(ctx.store);
    const entry = await addWaitlistEntry(ctx.store.db, {
      clinicId: scene.clinic.id,
      patientId: scene.patient.id,
      serviceId: scene.service.id,
      fromAt: "2030-01-07T09:00:00-05:00",
      toAt: "2030-01-10T00:00:00.000Z",
      createdAt: "2029-12-20T10:00:00Z",
    });
    expect(await findWaitlistEntryById(ctx.store.db, scene.clinic.id, entry.id)).toEqual({
      id: entry.id,
      clinicId: scene.clinic.id,
      patientId: scene.patient.id,
      serviceId: scene.service.id,
      providerId: null,
      fromAt: "2030-01-07T14:00:00Z",
      toAt: "2030-01-10T00:00:00Z",
      status: "waiting",
      createdAt: "2029-12-20T10:00:00Z",
      offeredAt: null,
      offerStartsAt: null,
      offerEndsAt: null,
      closedAt: null,
    });
  });

  it("offers a freed slot to the longest-waiting matching entry, once", async () => {
    const scene = await newBookingScene(ctx.store);
    const { clinic, service, provider } = scene;
    const [otherService, otherProvider] = await Promise.all([
      newService(ctx.store, clinic.id),
      newProvider(ctx.store, clinic.id),
    ]);
    const patients = await Promise.all([1, 2, 3, 4, 5].map(() => newPatient(ctx.store, clinic.id)));
    const entry = (i: number, overrides: Partial<Parameters<typeof addWaitlistEntry>[1]>) =>
      addWaitlistEntry(ctx.store.db, {
        clinicId: clinic.id,
        patientId: patients[i]?.id ?? "",
        serviceId: service.id,
        fromAt: "2030-01-07T00:00:00Z",
        toAt: "2030-01-08T00:00:00Z",
        createdAt: `2029-12-0${i + 1}T00:00:00Z`,
        ...overrides,
      });
    // Oldest first, but each of these fails one condition.
    await entry(0, { serviceId: otherService.id });
    await entry(1, { providerId: otherProvider.id });
    await entry(2, { fromAt: "2030-01-07T15:30:00Z" });
    const wantsThisProvider = await entry(3, { providerId: provider.id });
    const anyProvider = await entry(4, {});

    const slot = {
      clinicId: clinic.id,
      serviceId: service.id,
      providerId: provider.id,
      startsAt: "2030-01-07T15:00:00Z",
      endsAt: "2030-01-07T16:00:00Z",
    };
    const first = (freed: FreedSlot) => listWaitingEntriesForSlot(ctx.store.db, freed, { limit: 1 });
    expect(await first(slot)).toEqual([wantsThisProvider]);
    // Pages go on where the last ended; the freeing patient's own entry is left out.
    expect(
      await listWaitingEntriesForSlot(ctx.store.db, slot, { limit: 5, after: wantsThisProvider }),
    ).toEqual([anyProvider]);
    expect(await first({ ...slot, freedBy: patients[3]?.id ?? "" })).toEqual([anyProvider]);

    const offer = { startsAt: slot.startsAt, endsAt: slot.endsAt, at: "2029-12-20T10:00:00Z" };
    expect(await markWaitlistEntryOffered(ctx.store.db, clinic.id, wantsThisProvider.id, offer)).toBe(true);
    expect(await markWaitlistEntryOffered(ctx.store.db, clinic.id, wantsThisProvider.id, offer)).toBe(false);
    expect(await first(slot)).toEqual([anyProvider]);
    expect(await findWaitlistEntryById(ctx.store.db, clinic.id, wantsThisProvider.id)).toMatchObject({
      status: "offered",
      offeredAt: offer.at,
      offerStartsAt: offer.startsAt,
      offerEndsAt: offer.endsAt,
      closedAt: null,
    });
  });

  it("closes waiting or offered entries and lists by status", async () => {
    const scene = await newBookingScene(ctx.store);
    const input = {
      clinicId: scene.clinic.id,
      patientId: scene.patient.id,
      serviceId: scene.service.id,
      fromAt: "2030-01-07T00:00:00Z",
      toAt: "2030-01-08T00:00:00Z",
    };
    const a = await addWaitlistEntry(ctx.store.db, { ...input, createdAt: "2029-12-01T00:00:00Z" });
    const b = await addWaitlistEntry(ctx.store.db, { ...input, createdAt: "2029-12-02T00:00:00Z" });
    expect(await listWaitlist(ctx.store.db, scene.clinic.id)).toEqual([a, b]);

    const at = "2029-12-03T00:00:00Z";
    await markWaitlistEntryOffered(ctx.store.db, scene.clinic.id, b.id, {
      startsAt: "2030-01-07T15:00:00Z",
      endsAt: "2030-01-07T16:00:00Z",
      at,
    });
    expect(await closeWaitlistEntry(ctx.store.db, scene.clinic.id, a.id, at)).toBe(true);
    expect(await closeWaitlistEntry(ctx.store.db, scene.clinic.id, b.id, at)).toBe(true);
    expect(await closeWaitlistEntry(ctx.store.db, scene.clinic.id, b.id, at)).toBe(false);
    expect(await listWaitlist(ctx.store.db, scene.clinic.id)).toEqual([]);
    expect((await listWaitlist(ctx.store.db, scene.clinic.id, "closed")).map((e) => e.id)).toEqual([
      a.id,
      b.id,
    ]);
  });
});
