import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { CREATED_AT, newClinic, newPatient } from "../../test/factories.js";
import {
  acceptDraftPlan,
  findAcceptedOverrides,
  findPlanById,
  findPlanRequest,
  insertPlan,
  listPlansByPatient,
  savePlanRequest,
  supersedeOtherAcceptedPlans,
  updatePlanStatus,
} from "./plan.repository.js";

const data = {
  sessions: [{ number: 1, service: "microneedling_prp" }],
  maintenance: { everyMonths: 6 },
  because: ["acne_scars → corrective series"],
};

describeEachDatabase("plan repository", (ctx) => {
  it("round-trips a draft plan", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    const plan = await insertPlan(ctx.store.db, {
      patientId: patient.id,
      protocolVersion: "2026.1",
      intakeVersion: 3,
      data,
      createdAt: "2026-11-27T12:00:00+01:00",
    });
    expect(await findPlanById(ctx.store.db, plan.id)).toEqual({
      id: plan.id,
      patientId: patient.id,
      protocolVersion: "2026.1",
      intakeVersion: 3,
      data,
      status: "draft",
      createdAt: "2026-11-27T11:00:00Z",
      acceptedBy: null,
      acceptedAt: null,
      overrides: [],
    });
  });

  it("records who accepted, when, and the overrides", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    const plan = await insertPlan(ctx.store.db, {
      patientId: patient.id,
      protocolVersion: "1",
      intakeVersion: 1,
      data,
      createdAt: CREATED_AT,
    });
    const overrides = [
      { code: "washout.topical_retinoid", reason: "stopped earlier than reported", by: "staff-1" },
    ];

    const accepted = await updatePlanStatus(ctx.store.db, plan.id, {
      status: "accepted",
      acceptedBy: "staff-1",
      overrides,
      at: "2026-11-28T15:00:00Z",
    });
    expect(accepted).toEqual({
      ...plan,
      status: "accepted",
      acceptedBy: "staff-1",
      acceptedAt: "2026-11-28T15:00:00Z",
      overrides,
    });

    const superseded = await updatePlanStatus(ctx.store.db, plan.id, {
      status: "superseded",
      at: CREATED_AT,
    });
    expect(superseded).toEqual({ ...accepted, status: "superseded" });
    expect(
      await updatePlanStatus(ctx.store.db, "missing", { status: "accepted", at: CREATED_AT }),
    ).toBeUndefined();
  });

  it("lists a patient's plans newest first", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    const older = await insertPlan(ctx.store.db, {
      patientId: patient.id,
      protocolVersion: "1",
      intakeVersion: 1,
      data,
      createdAt: "2026-01-01T00:00:00Z",
    });
    const newer = await insertPlan(ctx.store.db, {
      patientId: patient.id,
      protocolVersion: "1",
      intakeVersion: 2,
      data,
      createdAt: "2026-02-01T00:00:00Z",
    });
    expect(await listPlansByPatient(ctx.store.db, patient.id)).toEqual([newer, older]);
  });

  it("accepts a draft in place, once: same id, new content, who and when", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    const draft = await insertPlan(ctx.store.db, {
      patientId: patient.id,
      protocolVersion: "1",
      intakeVersion: 1,
      data,
      createdAt: "2026-11-27T12:00:00Z",
    });
    const overrides = [{ code: "cold_sore_history", reason: "on valacyclovir", by: "Dr. Ames" }];
    const acceptance = {
      data: { ...data, accepted: true },
      overrides,
      acceptedBy: "staff-1",
      acceptedAt: "2026-11-28T15:00:00Z",
    };
    const accepted = await acceptDraftPlan(ctx.store.db, draft.id, acceptance);
    expect(accepted).toEqual({
      ...draft,
      data: { ...data, accepted: true },
      status: "accepted",
      acceptedBy: "staff-1",
      acceptedAt: "2026-11-28T15:00:00Z",
      overrides,
    });
    expect(await findAcceptedOverrides(ctx.store.db, patient.id)).toEqual(overrides);
    expect(await acceptDraftPlan(ctx.store.db, draft.id, acceptance)).toBeUndefined();
    expect(await acceptDraftPlan(ctx.store.db, "missing", acceptance)).toBeUndefined();
  });

  it("supersedes the patient's other accepted plans, and no one else's", async () => {
    const clinic = await newClinic(ctx.store);
    const [patient, other] = await Promise.all([
      newPatient(ctx.store, clinic.id),
      newPatient(ctx.store, clinic.id),
    ]);
    const accepted = (patientId: string) =>
      insertPlan(ctx.store.db, {
        patientId,
        protocolVersion: "1",
        intakeVersion: 1,
        data,
        status: "accepted",
        createdAt: CREATED_AT,
      });
    const [old, current, others] = await Promise.all([
      accepted(patient.id),
      accepted(patient.id),
      accepted(other.id),
    ]);
    await supersedeOtherAcceptedPlans(ctx.store.db, patient.id, current.id);
    expect((await findPlanById(ctx.store.db, old.id))?.status).toBe("superseded");
    expect((await findPlanById(ctx.store.db, current.id))?.status).toBe("accepted");
    expect((await findPlanById(ctx.store.db, others.id))?.status).toBe("accepted");
  });

  it("keeps what a plan was asked for", async () => {
    const clinic = await newClinic(ctx.store);
    const patient = await newPatient(ctx.store, clinic.id);
    const plan = await insertPlan(ctx.store.db, {
      patientId: patient.id,
      protocolVersion: "1",
      intakeVersion: 1,
      data,
      createdAt: CREATED_AT,
    });
    expect(await findPlanRequest(ctx.store.db, plan.id)).toBeUndefined();
    const request = { asOf: "2030-01-02", desiredStartOn: "2030-01-09", addOns: ["prp"] };
    await savePlanRequest(ctx.store.db, plan.id, request);
    expect(await findPlanRequest(ctx.store.db, plan.id)).toEqual(request);
  });
});
