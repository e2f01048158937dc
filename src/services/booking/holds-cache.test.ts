import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { toDbInstant } from "../../store/codec.js";
import { findBookingRevision } from "../../store/hold.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { ClinicSetupCache } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";
import { bookAppointment } from "./book-appointment.service.js";
import { cancelBooking } from "./cancel.service.js";
import { findSlots } from "./slot-search.service.js";

/** Monday 2030-01-07 10:00 in New York (EST, UTC-5). */
const MONDAY_10 = "2030-01-07T15:00:00Z";

describeEachDatabase("the instance's cache of a clinic's holds", (ctx) => {
  async function scene() {
    const s = await newTreatmentScene(ctx.store);
    // As a running server: one cache for the instance, kept across searches.
    const deps: ServiceDeps = { ...s.deps, setupCache: new ClinicSetupCache() };
    const [alice] = s.providers;
    const search = async (from = "2030-01-07T00:00:00Z", to = "2030-01-10T00:00:00Z") =>
      (
        await findSlots(deps, {
          clinicId: s.clinic.id,
          serviceCode: "microneedling",
          providerId: alice?.id,
          from,
          to,
        })
      ).slots.map((slot) => slot.startsAt);
    return { s, deps, alice, search };
  }

  it("serves a search from memory while no hold is written", async () => {
    const { s, deps, alice, search } = await scene();
    // A booking far from the searched days, whose patient hold is moved below by hand.
    const { booking } = await bookAppointment(deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "consultation",
      startsAt: "2030-02-04T15:00:00Z",
      providerId: s.providers[1]?.id,
    });
    const before = await search();
    expect(before).toContain(MONDAY_10);
    expect(await search()).toEqual(before); // fills the cache
    // Alice made busy behind the store's back (no revision bump): unseen, so the search read no holds.
    await ctx.store.db
      .updateTable("resource_hold")
      .set({
        resource_id: alice?.id as string,
        starts_at: toDbInstant(MONDAY_10),
        ends_at: toDbInstant("2030-01-07T16:15:00Z"),
      })
      .where("booking_id", "=", booking.id)
      .where("resource_id", "=", s.patient.id)
      .execute();
    expect(await search()).toEqual(before);
    // Without the cache the same search sees it.
    const direct = await findSlots(s.deps, {
      clinicId: s.clinic.id,
      serviceCode: "microneedling",
      providerId: alice?.id,
      from: "2030-01-07T00:00:00Z",
      to: "2030-01-10T00:00:00Z",
    });
    expect(direct.slots.map((slot) => slot.startsAt)).not.toContain(MONDAY_10);
  });

  it("sees every booking and cancellation at once, in any window, cached or not", async () => {
    const { s, deps, alice, search } = await scene();
    await search();
    const cachedBefore = await search();
    expect(cachedBefore).toContain(MONDAY_10);
    const revision = await findBookingRevision(ctx.store.db, s.clinic.id);
    const { booking } = await bookAppointment(deps, {
      clinicId: s.clinic.id,
      patientId: s.patient.id,
      serviceCode: "microneedling",
      startsAt: MONDAY_10,
      providerId: alice?.id,
    });
    expect(await findBookingRevision(ctx.store.db, s.clinic.id)).toBe(revision + 1);
    // The revision moved: the first search reads directly, the second fills the cache anew.
    expect(await search()).not.toContain(MONDAY_10);
    expect(await search()).not.toContain(MONDAY_10);
    // A wider window extends the cached range on both sides and still sees the booking.
    const wide = await search("2030-01-03T00:00:00Z", "2030-01-20T00:00:00Z");
    expect(wide).not.toContain(MONDAY_10);
    expect(wide.length).toBeGreaterThan(cachedBefore.length);
    await cancelBooking(deps, { clinicId: s.clinic.id, bookingId: booking.id });
    expect(await findBookingRevision(ctx.store.db, s.clinic.id)).toBe(revision + 2);
    expect(await search()).toEqual(cachedBefore);
    expect(await search()).toEqual(cachedBefore);
  });

  it("counts hold writes in one revision per clinic", async () => {
    const { s, deps } = await scene();
    const other = await newTreatmentScene(ctx.store);
    expect(await findBookingRevision(ctx.store.db, s.clinic.id)).toBe(0);
    for (const startsAt of [MONDAY_10, "2030-01-08T15:00:00Z", "2030-01-09T15:00:00Z"]) {
      const patient = await s.addPatient();
      await bookAppointment(deps, {
        clinicId: s.clinic.id,
        patientId: patient.id,
        serviceCode: "consultation",
        startsAt,
      });
    }
    expect(await findBookingRevision(ctx.store.db, s.clinic.id)).toBe(3);
    expect(await findBookingRevision(ctx.store.db, other.clinic.id)).toBe(0);
    // Rolled back with its transaction, a write leaves the revision where it was.
    await expect(
      withWriteTransaction(ctx.store, async (trx) => {
        await trx.deleteFrom("resource_hold").where("clinic_id", "=", s.clinic.id).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await findBookingRevision(ctx.store.db, s.clinic.id)).toBe(3);
  });
});
