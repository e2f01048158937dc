import { expect, it } from "vitest";
import { newTreatmentScene, PLAIN_INTAKE } from "../../../test/booking-scene.js";
import { describeEachDatabase } from "../../../test/databases.js";
import { CREATED_AT } from "../../../test/factories.js";
import type { Intake } from "../../domain/protocol/intake.js";
import { saveIntake } from "../../store/intake.repository.js";
import { insertPlan } from "../../store/plan.repository.js";
import { refusalOf } from "../test-support.js";
import { bookAppointment } from "./book-appointment.service.js";

const STOPPED: Intake = {
  ...PLAIN_INTAKE,
  medications: [{ code: "isotretinoin", lastTakenOn: "2029-09-01" }],
};

describeEachDatabase("overrides stored before they carried intake facts", (ctx) => {
  it("are bound to the intake version their plan was accepted from, and lapse when it changes", async () => {
    const s = await newTreatmentScene(ctx.store);
    const patient = await s.addPatient(STOPPED);
    // An accepted plan as older releases stored it: the override names no facts.
    await insertPlan(ctx.store.db, {
      patientId: patient.id,
      protocolVersion: "default",
      intakeVersion: 1,
      data: {},
      status: "accepted",
      overrides: [{ code: "isotretinoin", reason: "Stopped in September.", by: "Dr. Ames" }],
      createdAt: CREATED_AT,
    });
    const request = { clinicId: s.clinic.id, patientId: patient.id, serviceCode: "microneedling" };
    const first = await bookAppointment(s.deps, { ...request, startsAt: "2030-01-07T15:00:00Z" });
    expect(first.booking.status).toBe("booked");

    await saveIntake(
      ctx.store.db,
      patient.id,
      { ...PLAIN_INTAKE, medications: [{ code: "isotretinoin", ongoing: true }] },
      CREATED_AT,
    );
    const refusal = await refusalOf(
      bookAppointment(s.deps, { ...request, startsAt: "2030-02-11T15:00:00Z" }),
    );
    expect(refusal).toMatchObject({
      code: "needs_provider_review",
      details: { lapsedOverrides: ["isotretinoin"] },
    });
  });
});
