import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newClinic, newProvider } from "../../test/factories.js";
import {
  addHoursException,
  createProvider,
  deleteHoursException,
  findProviderById,
  listHoursExceptions,
  listProviders,
  replaceWorkingHours,
} from "./provider.repository.js";
import { withWriteTransaction } from "./transaction.js";

describeEachDatabase("provider repository", (ctx) => {
  it("round-trips a provider with skills and a sorted week", async () => {
    const clinic = await newClinic(ctx.store);
    const created = await createProvider(ctx.store.db, {
      clinicId: clinic.id,
      name: "Dr. Ada",
      skills: ["microneedling", "rf_microneedling"],
      weeklyHours: [
        { weekday: 3, startTime: "13:00", endTime: "18:00" },
        { weekday: 1, startTime: "09:00", endTime: "12:00" },
        { weekday: 3, startTime: "08:00", endTime: "12:00" },
      ],
    });

    const found = await findProviderById(ctx.store.db, clinic.id, created.id);
    expect(found).toEqual({
      id: created.id,
      clinicId: clinic.id,
      name: "Dr. Ada",
      skills: ["microneedling", "rf_microneedling"],
      weeklyHours: [
        { weekday: 1, startTime: "09:00", endTime: "12:00" },
        { weekday: 3, startTime: "08:00", endTime: "12:00" },
        { weekday: 3, startTime: "13:00", endTime: "18:00" },
      ],
      active: true,
    });
  });

  it("does not find another clinic's provider", async () => {
    const [mine, theirs] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const provider = await newProvider(ctx.store, theirs.id);
    expect(await findProviderById(ctx.store.db, mine.id, provider.id)).toBeUndefined();
  });

  it("replaces the whole week", async () => {
    const clinic = await newClinic(ctx.store);
    const provider = await newProvider(ctx.store, clinic.id);
    const week = [{ weekday: 6, startTime: "10:00", endTime: "14:00" }] as const;
    await withWriteTransaction(ctx.store, (trx) =>
      replaceWorkingHours(trx, clinic.id, provider.id, [...week]),
    );
    expect((await findProviderById(ctx.store.db, clinic.id, provider.id))?.weeklyHours).toEqual(week);

    await withWriteTransaction(ctx.store, (trx) => replaceWorkingHours(trx, clinic.id, provider.id, []));
    expect((await findProviderById(ctx.store.db, clinic.id, provider.id))?.weeklyHours).toEqual([]);
  });

  it("lists the clinic's providers with their weeks, optionally only active ones", async () => {
    const clinic = await newClinic(ctx.store);
    const a = await newProvider(ctx.store, clinic.id, { name: "A" });
    const b = await newProvider(ctx.store, clinic.id, { name: "B", active: false, weeklyHours: [] });
    await newProvider(ctx.store, (await newClinic(ctx.store)).id);

    expect(await listProviders(ctx.store.db, clinic.id)).toEqual([a, b]);
    expect(await listProviders(ctx.store.db, clinic.id, { activeOnly: true })).toEqual([a]);
  });

  it("adds exceptions and lists those overlapping a window, in canonical instants", async () => {
    const clinic = await newClinic(ctx.store);
    const [p1, p2] = await Promise.all([
      newProvider(ctx.store, clinic.id),
      newProvider(ctx.store, clinic.id),
    ]);
    const off = await addHoursException(ctx.store.db, {
      clinicId: clinic.id,
      providerId: p1.id,
      kind: "time_off",
      startsAt: "2026-12-10T09:00:00-05:00",
      endsAt: "2026-12-12T00:00:00.000Z",
      note: "conference",
    });
    expect(off).toMatchObject({ startsAt: "2026-12-10T14:00:00Z", endsAt: "2026-12-12T00:00:00Z" });
    const extra = await addHoursException(ctx.store.db, {
      clinicId: clinic.id,
      providerId: p2.id,
      kind: "extra_hours",
      startsAt: "2026-12-13T15:00:00Z",
      endsAt: "2026-12-13T19:30:00Z",
    });

    const all = await listHoursExceptions(
      ctx.store.db,
      { clinicId: clinic.id },
      "2026-12-01T00:00:00Z",
      "2027-01-01T00:00:00Z",
    );
    expect(all).toEqual([off, extra]);
    expect(extra.note).toBeNull();

    // [from, to) windows: touching the end is not overlapping.
    expect(
      await listHoursExceptions(
        ctx.store.db,
        { clinicId: clinic.id },
        "2026-12-12T00:00:00Z",
        "2026-12-13T15:00:00Z",
      ),
    ).toEqual([]);
    expect(
      await listHoursExceptions(
        ctx.store.db,
        { clinicId: clinic.id, providerId: p1.id },
        "2026-12-11T00:00:00Z",
        "2026-12-14T00:00:00Z",
      ),
    ).toEqual([off]);

    // Only through its own provider.
    expect(await deleteHoursException(ctx.store.db, clinic.id, p2.id, off.id)).toBe(false);
    expect(await deleteHoursException(ctx.store.db, clinic.id, p1.id, off.id)).toBe(true);
    expect(await deleteHoursException(ctx.store.db, clinic.id, p1.id, off.id)).toBe(false);
  });
});
