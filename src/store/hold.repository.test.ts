import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newBooking, newBookingScene, newPatient, newProvider } from "../../test/factories.js";
import { insertBooking, listBookingsByPatient } from "./booking.repository.js";
import { isOverlapViolation } from "./db-errors.js";
import {
  findBookingRevision,
  findOverlappingHolds,
  insertHolds,
  insertWithHolds,
  listBusy,
  MAX_HOLD_MINUTES,
} from "./hold.repository.js";
import { withWriteTransaction } from "./transaction.js";

describeEachDatabase("resource holds", (ctx) => {
  it("lists busy intervals overlapping a window, for one clinic only, in one call", async () => {
    const scene = await newBookingScene(ctx.store);
    const elsewhere = await newBookingScene(ctx.store);
    await newBooking(ctx.store, elsewhere.refs, { startsAt: "2030-01-07T12:00:00Z" });
    // A day-long hold that began the day before still overlaps the window.
    const long = await newBooking(ctx.store, scene.refs, {
      startsAt: "2030-01-06T12:30:00Z",
      endsAt: "2030-01-07T12:30:00Z",
    });
    const inside = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T13:00:00Z" });
    // Touches the window's end: outside, as [from, to) says.
    await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T18:00:00Z" });

    const busy = await listBusy(
      ctx.store.db,
      scene.clinic.id,
      "2030-01-07T12:00:00Z",
      "2030-01-07T18:00:00Z",
    );
    expect(busy).toEqual(
      [
        { resourceId: scene.provider.id, startsAt: long.startsAt, endsAt: long.endsAt },
        { resourceId: scene.provider.id, startsAt: inside.startsAt, endsAt: inside.endsAt },
        { resourceId: scene.patient.id, startsAt: long.startsAt, endsAt: long.endsAt },
        { resourceId: scene.patient.id, startsAt: inside.startsAt, endsAt: inside.endsAt },
      ].sort((a, b) => a.resourceId.localeCompare(b.resourceId)),
    );
  });

  it("finds overlapping holds on the given resources, touching ends excluded", async () => {
    const scene = await newBookingScene(ctx.store);
    const booking = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T15:00:00Z" });
    const db = ctx.store.db;
    const resources = [scene.provider.id, scene.room.id];

    expect(await findOverlappingHolds(db, resources, "2030-01-07T15:59:00Z", "2030-01-07T17:00:00Z")).toEqual(
      [
        {
          bookingId: booking.id,
          resourceId: scene.provider.id,
          startsAt: "2030-01-07T15:00:00Z",
          endsAt: "2030-01-07T16:00:00Z",
        },
      ],
    );
    expect(await findOverlappingHolds(db, resources, "2030-01-07T16:00:00Z", "2030-01-07T17:00:00Z")).toEqual(
      [],
    );
    expect(await findOverlappingHolds(db, resources, "2030-01-07T14:00:00Z", "2030-01-07T15:00:00Z")).toEqual(
      [],
    );
    expect(
      await findOverlappingHolds(db, [scene.room.id], "2030-01-07T15:00:00Z", "2030-01-07T16:00:00Z"),
    ).toEqual([]);
    expect(
      await findOverlappingHolds(db, resources, "2030-01-07T15:30:00Z", "2030-01-07T15:45:00Z", booking.id),
    ).toEqual([]);
    expect(await findOverlappingHolds(db, [], "2030-01-07T15:30:00Z", "2030-01-07T15:45:00Z")).toEqual([]);
  });

  it("finds a maximal-length hold that began a day earlier", async () => {
    const scene = await newBookingScene(ctx.store);
    await newBooking(ctx.store, scene.refs, {
      startsAt: "2030-01-06T15:00:00Z",
      endsAt: "2030-01-07T15:00:00Z",
    });
    expect(MAX_HOLD_MINUTES).toBe(24 * 60);
    const found = await findOverlappingHolds(
      ctx.store.db,
      [scene.provider.id],
      "2030-01-07T14:59:00Z",
      "2030-01-07T16:00:00Z",
    );
    expect(found).toHaveLength(1);
  });

  // The exclusion constraint exists on PostgreSQL only; on SQLite the booking service checks
  // findOverlappingHolds inside BEGIN IMMEDIATE instead.
  if (ctx.dialect === "postgres") {
    // One statement (booking, holds and revision) or three: the refusal is the same.
    it.each(["postgres", undefined] as const)(
      "PostgreSQL refuses an overlapping hold on the same resource (23P01), written with dialect %s",
      async (dialect) => {
        const scene = await newBookingScene(ctx.store);
        const otherPatient = await newPatient(ctx.store, scene.clinic.id);
        await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T15:00:00Z" });
        const revision = await findBookingRevision(ctx.store.db, scene.clinic.id);

        // Same provider, another patient, 30 minutes in: only the provider's hold collides.
        const error = await withWriteTransaction(ctx.store, (trx) =>
          insertBooking(
            trx,
            {
              ...scene.refs,
              patientId: otherPatient.id,
              startsAt: "2030-01-07T15:30:00Z",
              endsAt: "2030-01-07T16:30:00Z",
              createdAt: CREATED_AT,
            },
            dialect,
          ),
        ).catch((e: unknown) => e);

        expect(isOverlapViolation(error)).toBe(true);
        // The whole transaction rolled back: no booking row without its holds, no revision counted.
        expect(await listBookingsByPatient(ctx.store.db, otherPatient.id)).toEqual([]);
        expect(await findBookingRevision(ctx.store.db, scene.clinic.id)).toBe(revision);
      },
    );

    it("PostgreSQL writes a booking, its holds and one revision in one statement", async () => {
      const scene = await newBookingScene(ctx.store);
      const before = await findBookingRevision(ctx.store.db, scene.clinic.id);
      const booking = await withWriteTransaction(ctx.store, (trx) =>
        insertBooking(
          trx,
          {
            ...scene.refs,
            roomId: scene.room.id,
            deviceIds: [scene.device.id, scene.device.id],
            startsAt: "2030-01-07T15:00:00Z",
            endsAt: "2030-01-07T16:00:00Z",
            createdAt: CREATED_AT,
          },
          "postgres",
        ),
      );
      expect(await listBookingsByPatient(ctx.store.db, scene.patient.id)).toEqual([booking]);
      const held = await findOverlappingHolds(
        ctx.store.db,
        [scene.provider.id, scene.room.id, scene.device.id, scene.patient.id],
        "2030-01-07T15:00:00Z",
        "2030-01-07T16:00:00Z",
      );
      expect(held.map((h) => [h.bookingId, h.resourceId]).sort()).toEqual(
        [scene.provider.id, scene.room.id, scene.device.id, scene.patient.id]
          .sort()
          .map((id) => [booking.id, id]),
      );
      expect(await findBookingRevision(ctx.store.db, scene.clinic.id)).toBe(before + 1);
    });

    it("PostgreSQL still checks that the holds' booking exists when they share a statement", async () => {
      const scene = await newBookingScene(ctx.store);
      const error = await withWriteTransaction(ctx.store, (trx) =>
        insertWithHolds(
          trx,
          (qc) =>
            qc.insertInto("booking_revision").values({ clinic_id: scene.clinic.id, stripe: 99, revision: 1 }),
          {
            bookingId: "no-such-booking",
            clinicId: scene.clinic.id,
            resourceIds: [scene.provider.id],
            startsAt: "2030-01-07T15:00:00Z",
            endsAt: "2030-01-07T16:00:00Z",
          },
        ),
      ).catch((e: unknown) => e);
      // foreign_key_violation: the holds name a booking that no part of the statement wrote.
      expect(error).toMatchObject({ code: "23503" });
    });

    it("PostgreSQL accepts back-to-back holds ([) ranges)", async () => {
      const scene = await newBookingScene(ctx.store);
      await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T15:00:00Z" });
      await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T16:00:00Z" });
      await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T14:00:00Z" });
      expect(await listBookingsByPatient(ctx.store.db, scene.patient.id)).toHaveLength(3);
    });

    it("PostgreSQL lets different resources overlap in time", async () => {
      const scene = await newBookingScene(ctx.store);
      const [otherProvider, otherPatient] = await Promise.all([
        newProvider(ctx.store, scene.clinic.id),
        newPatient(ctx.store, scene.clinic.id),
      ]);
      await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T15:00:00Z" });
      await newBooking(
        ctx.store,
        { ...scene.refs, providerId: otherProvider.id, patientId: otherPatient.id },
        { startsAt: "2030-01-07T15:00:00Z" },
      );
      expect(
        await findOverlappingHolds(
          ctx.store.db,
          [scene.provider.id, otherProvider.id],
          "2030-01-07T15:00:00Z",
          "2030-01-07T16:00:00Z",
        ),
      ).toHaveLength(2);
    });

    it("PostgreSQL's constraint guards raw holds too", async () => {
      const scene = await newBookingScene(ctx.store);
      const a = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T15:00:00Z" });
      const b = await newBooking(ctx.store, scene.refs, { startsAt: "2030-01-07T17:00:00Z" });
      const hold = {
        clinicId: scene.clinic.id,
        resourceIds: ["shared-device"],
        endsAt: "2030-01-07T16:30:00Z",
      };
      await insertHolds(ctx.store.db, { ...hold, bookingId: a.id, startsAt: "2030-01-07T15:00:00Z" });

      const error = await insertHolds(ctx.store.db, {
        ...hold,
        bookingId: b.id,
        startsAt: "2030-01-07T16:29:59.999Z",
      }).catch((e: unknown) => e);
      expect(isOverlapViolation(error)).toBe(true);
    });
  }
});
