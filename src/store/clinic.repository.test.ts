import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, unique } from "../../test/factories.js";
import { DEFAULT_BOOKING_CAPS } from "../domain/clinic/types.js";
import { DomainError } from "../domain/errors.js";
import { createClinic, findClinicById, findClinicBySlug } from "./clinic.repository.js";

describeEachDatabase("clinic repository", (ctx) => {
  it("round-trips a clinic, its policy JSON included", async () => {
    const policy = {
      minNoticeMinutes: 90,
      slotStepMinutes: 10,
      lateCancelHours: 48,
      maxAdvanceDays: 365,
      maxFutureTreatmentBookings: 4,
      maxConsultationsPerDay: 2,
      maxWaitlistEntries: 5,
    };
    const created = await createClinic(ctx.store.db, {
      slug: unique("glow"),
      name: "Glow Med Spa",
      timeZone: "Europe/Berlin",
      policy,
      createdAt: CREATED_AT,
    });

    expect(await findClinicById(ctx.store.db, created.id)).toEqual(created);
    expect(await findClinicBySlug(ctx.store.db, created.slug)).toEqual({
      id: created.id,
      slug: created.slug,
      name: "Glow Med Spa",
      timeZone: "Europe/Berlin",
      policy,
      address: null,
      phone: null,
    });
  });

  it("gives a policy without per-patient caps the default ones", async () => {
    const created = await newClinic(ctx.store, {
      policy: { minNoticeMinutes: 90, slotStepMinutes: 10, lateCancelHours: 48, maxAdvanceDays: 365 },
    });
    expect((await findClinicById(ctx.store.db, created.id))?.policy).toEqual({
      minNoticeMinutes: 90,
      slotStepMinutes: 10,
      lateCancelHours: 48,
      maxAdvanceDays: 365,
      ...DEFAULT_BOOKING_CAPS,
    });
  });

  it("answers undefined for an unknown id or slug", async () => {
    expect(await findClinicById(ctx.store.db, "nope")).toBeUndefined();
    expect(await findClinicBySlug(ctx.store.db, unique("nope"))).toBeUndefined();
  });

  it("refuses a second clinic with the same slug as a conflict naming the slug", async () => {
    const first = await newClinic(ctx.store);
    const error = await newClinic(ctx.store, { slug: first.slug }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "conflict", details: { fields: [{ path: "slug" }] } });
  });
});
