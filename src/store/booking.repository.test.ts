import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newBooking, newBookingScene, newDevice, newProvider } from "../../test/factories.js";
import { isDomainError } from "../domain/errors.js";
import {
  findBookingById,
  insertBooking,
  listActiveBookingsByPatient,
  listBookingsByPatient,
  listBookingsInWindow,
  setBookingStatus,
  updateBookingTimes,
} from "./booking.repository.js";
import { listBusy } from "./hold.repository.js";
import { withWriteTransaction } from "./transaction.js";

const DAY = { from: "2030-01-07T00:00:00Z", to: "2030-01-08T00:00:00Z" };

describeEachDatabase("booking repository", (ctx) => {
  it("round-trips a booking in canonical instants", async () => {
    const scene = await newBookingScene(ctx.store);
    const booking = await withWriteTransaction(ctx.store, (trx) =>
      insertBooking(trx, {
        ...scene.refs,
        roomId: scene.room.id,
        deviceIds: [scene.device.id],
        startsAt: "2030-01-07T10:00:00-05:00",
        endsAt: "2030-01-07T16:15:00.000Z",
        blockStartsAt: "2030-01-07T14:50:00Z",
        blockEndsAt: "2030-01-07T16:35:00.500Z",
        seriesId: "series-1",
        seriesNumber: 2,
        createdAt: "2029-12-01T08:00:00Z",
      }),
    );

    const expected = {
      id: booking.id,
      ...scene.refs,
      roomId: scene.room.id,
      deviceIds: [scene.device.id],
      startsAt: "2030-01-07T15:00:00Z",
      endsAt: "2030-01-07T16:15:00Z",
      blockStartsAt: "2030-01-07T14:50:00Z",
      blockEndsAt: "2030-01-07T16:35:00.5Z",
      status: "booked",
      seriesId: "series-1",
      seriesNumber: 2,
      planId: null,
      lateCancel: false,
      createdAt: "2029-12-01T08:00:00Z",
      updatedAt: "2029-12-01T08:00:00Z",
      needsAttention: null,
    };
    expect(booking).toEqual(expected);
    expect(await findBookingById(ctx.store.db, scene.clinic.id, booking.id)).toEqual(expected);
  });

  it("holds the provider, room, each device and the patient for the block", async () => {
    const scene = await newBookingScene(ctx.store);
    const centrifuge = await newDevice(ctx.store, scene.clinic.id, { kind: "centrifuge" });
    await newBooking(ctx.store, scene.refs, {
      roomId: scene.room.id,
      deviceIds: [scene.device.id, centrifuge.id],
      blockStartsAt: "2030-01-07T14:45:00Z",
      blockEndsAt: "2030-01-07T16:30:00Z",
    });

    const busy = await listBusy(ctx.store.db, scene.clinic.id, DAY.from, DAY.to);
    const held = [scene.provider.id, scene.room.id, scene.device.id, centrifuge.id, scene.patient.id].sort();
    expect(busy.map((b) => b.resourceId)).toEqual(held);
    for (const interval of busy) {
      expect(interval).toMatchObject({ startsAt: "2030-01-07T14:45:00Z", endsAt: "2030-01-07T16:30:00Z" });
    }
  });

  it("does not find another clinic's booking", async () => {
    const [mine, theirs] = await Promise.all([newBookingScene(ctx.store), newBookingScene(ctx.store)]);
    const booking = await newBooking(ctx.store, theirs.refs);
    expect(await findBookingById(ctx.store.db, mine.clinic.id, booking.id)).toBeUndefined();
  });

  it("lists a patient's bookings, all or only live ones in a window", async () => {
    const scene = await newBookingScene(ctx.store);
    const early = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T13:00:00Z" });
    const late = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T17:00:00Z" });
    const nextDay = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-08T13:00:00Z" });
    const cancelled = await setBookingStatus(ctx.store.db, scene.clinic.id, late.id, "cancelled", {
      updatedAt: CREATED_AT,
    });

    expect(await listBookingsByPatient(ctx.store.db, scene.patient.id)).toEqual([early, cancelled, nextDay]);
    expect(await listActiveBookingsByPatient(ctx.store.db, scene.patient.id, DAY.from, DAY.to)).toEqual([
      early,
    ]);
    // [from, to): the booking ending exactly at `from` is outside.
    expect(
      await listActiveBookingsByPatient(
        ctx.store.db,
        scene.patient.id,
        "2030-01-07T14:00:00Z",
        "2030-01-08T13:00:00Z",
      ),
    ).toEqual([]);
    expect(await listBookingsInWindow(ctx.store.db, scene.clinic.id, DAY.from, DAY.to)).toEqual([
      early,
      cancelled,
    ]);
    expect(
      await listBookingsInWindow(ctx.store.db, scene.clinic.id, DAY.from, DAY.to, {
        statuses: ["cancelled"],
      }),
    ).toEqual([cancelled]);
  });

  it("moves a booking and its holds, onto another provider if asked", async () => {
    const scene = await newBookingScene(ctx.store);
    const other = await newProvider(ctx.store, scene.clinic.id);
    const booking = await newBooking(ctx.store, scene.refs, { roomId: scene.room.id });

    const moved = await withWriteTransaction(ctx.store, (trx) =>
      updateBookingTimes(trx, scene.clinic.id, booking.id, {
        startsAt: "2030-01-07T18:00:00Z",
        endsAt: "2030-01-07T19:00:00Z",
        providerId: other.id,
        updatedAt: "2029-12-02T00:00:00Z",
      }),
    );

    expect(moved).toEqual({
      ...booking,
      providerId: other.id,
      startsAt: "2030-01-07T18:00:00Z",
      endsAt: "2030-01-07T19:00:00Z",
      blockStartsAt: "2030-01-07T18:00:00Z",
      blockEndsAt: "2030-01-07T19:00:00Z",
      updatedAt: "2029-12-02T00:00:00Z",
    });
    expect(await findBookingById(ctx.store.db, scene.clinic.id, booking.id)).toEqual(moved);
    const busy = await listBusy(ctx.store.db, scene.clinic.id, DAY.from, DAY.to);
    expect(busy.map((b) => [b.resourceId, b.startsAt]).sort()).toEqual(
      [other.id, scene.room.id, scene.patient.id].map((id) => [id, "2030-01-07T18:00:00Z"]).sort(),
    );
    expect(
      await updateBookingTimes(ctx.store.db, scene.clinic.id, "missing", {
        startsAt: DAY.from,
        endsAt: DAY.to,
        updatedAt: CREATED_AT,
      }),
    ).toBe(undefined);
  });

  it("releases the holds on cancel and no-show, and takes them back on re-booking", async () => {
    const scene = await newBookingScene(ctx.store);
    const a = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T13:00:00Z" });
    const b = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T15:00:00Z" });
    const busyCount = async () => (await listBusy(ctx.store.db, scene.clinic.id, DAY.from, DAY.to)).length;
    expect(await busyCount()).toBe(4);

    const cancelled = await setBookingStatus(ctx.store.db, scene.clinic.id, a.id, "cancelled", {
      lateCancel: true,
      updatedAt: "2030-01-06T20:00:00Z",
    });
    expect(cancelled).toMatchObject({
      status: "cancelled",
      lateCancel: true,
      updatedAt: "2030-01-06T20:00:00Z",
    });
    expect(await findBookingById(ctx.store.db, scene.clinic.id, a.id)).toEqual(cancelled);
    expect(await busyCount()).toBe(2);

    await setBookingStatus(ctx.store.db, scene.clinic.id, b.id, "no_show", { updatedAt: CREATED_AT });
    expect(await busyCount()).toBe(0);

    await setBookingStatus(ctx.store.db, scene.clinic.id, a.id, "booked", { updatedAt: CREATED_AT });
    expect(await busyCount()).toBe(2);
    // Completed still holds (it happened).
    await setBookingStatus(ctx.store.db, scene.clinic.id, a.id, "completed", { updatedAt: CREATED_AT });
    expect(await busyCount()).toBe(2);
  });

  it("keys bookings by their creation time, so later bookings sort after earlier ones", async () => {
    const scene = await newBookingScene(ctx.store);
    // Written in the opposite order to their clocks: the key follows the clock, not the insert.
    const [later, earlier] = await withWriteTransaction(ctx.store, async (trx) => [
      await insertBooking(trx, {
        ...scene.refs,
        startsAt: "2030-01-07T15:00:00Z",
        endsAt: "2030-01-07T16:00:00Z",
        createdAt: "2029-12-01T08:00:00.002Z",
      }),
      await insertBooking(trx, {
        ...scene.refs,
        startsAt: "2030-01-08T15:00:00Z",
        endsAt: "2030-01-08T16:00:00Z",
        createdAt: "2029-12-01T08:00:00.001Z",
      }),
    ]);
    expect(earlier.id < later.id).toBe(true);
    const stored = await listBookingsByPatient(ctx.store.db, scene.patient.id);
    expect(stored.map((b) => b.id).sort()).toEqual([earlier.id, later.id]);
  });

  it("refuses a booking longer than a day or not moving forward in time", async () => {
    const scene = await newBookingScene(ctx.store);
    for (const endsAt of ["2030-01-08T15:00:00.001Z", "2030-01-07T15:00:00Z"]) {
      const error = await withWriteTransaction(ctx.store, (trx) =>
        insertBooking(trx, {
          ...scene.refs,
          startsAt: "2030-01-07T15:00:00Z",
          endsAt,
          createdAt: CREATED_AT,
        }),
      ).catch((e: unknown) => e);
      expect(isDomainError(error) ? error.code : error).toBe("invalid_input");
    }
    expect(await listBookingsByPatient(ctx.store.db, scene.patient.id)).toEqual([]);
  });
});
