import { expect, it } from "vitest";
import { newTreatmentScene } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { newBooking } from "../../../test/factories.js";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { setBookingStatus } from "../../store/booking.repository.js";
import { createDraftPlan } from "./plans.service.js";

describeEachDatabase("a continuing patient's plan comes from their completed bookings", (ctx) => {
  async function sceneWithCompleted(startsAt: string[]) {
    const s = await newTreatmentScene(ctx.store, { now: "2030-09-01T12:00:00Z" });
    const [provider] = s.providers;
    if (!provider) throw new Error("the scene has providers");
    for (const at of startsAt) {
      const booking = await newBooking(
        ctx.store,
        {
          clinicId: s.clinic.id,
          patientId: s.patient.id,
          serviceId: s.services.microneedling.id,
          providerId: provider.id,
        },
        { startsAt: at },
      );
      await setBookingStatus(ctx.store.db, s.clinic.id, booking.id, "completed", { updatedAt: at });
    }
    const principal: SessionPrincipal = {
      accountId: "patient-account",
      clinicId: s.clinic.id,
      clinicSlug: s.clinic.slug,
      email: "p@example.test",
      name: s.patient.name,
      role: "patient",
      providerId: null,
      patientId: s.patient.id,
    };
    return { s, principal };
  }

  it("after one of three sessions, plans sessions 2 and 3 from the last one", async () => {
    const { s, principal } = await sceneWithCompleted(["2030-08-12T15:00:00Z"]);
    const plan = await createDraftPlan(s.deps, principal, s.patient.id, { addOns: [] });
    expect(plan).toMatchObject({ kind: "series", completedSessions: 1, seriesLength: 3 });
    expect(plan.sessions.map((x) => x.number)).toEqual([2, 3]);
    expect(plan.sessions[0]?.targetOn).toBe("2030-09-09");
  });

  it("with the series done and maintenance due, plans one maintenance visit", async () => {
    const { s, principal } = await sceneWithCompleted([
      "2029-12-03T15:00:00Z",
      "2029-12-31T15:00:00Z",
      "2030-01-28T15:00:00Z",
    ]);
    // What the request says is ignored: the bookings tell.
    const plan = await createDraftPlan(s.deps, principal, s.patient.id, {
      addOns: [],
      previousSessionOn: "2029-01-01",
    });
    expect(plan).toMatchObject({ kind: "maintenance", completedSessions: 3 });
    expect(plan.sessions).toHaveLength(1);
    expect(plan.sessions[0]?.targetOn).toBe("2030-09-01");
  });
});
