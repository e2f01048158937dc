import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { planFor } from "../../src/domain/protocol/test-support.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { insertPlan } from "../../src/store/plan.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newProvider, unique } from "../factories.js";
import {
  type Actor,
  expectProblem,
  newActor,
  RETINOID_INTAKE,
  SAME_ORIGIN,
  sessionCookieOf,
  signUpOverHttp,
  testApp,
} from "./harness.js";

/** The clock says 2030-01-02 (a Wednesday), 10:00 in New York. */
describeEachDatabase("intake and plans over HTTP", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;
  let frontDesk: Actor;
  let provider: Actor;
  let admin: Actor;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store);
    const providerRow = await newProvider(db.store, clinic.id, { name: "Dr. Ames" });
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    provider = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      name: "Dr. Ames",
      providerId: providerRow.id,
    });
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
  });
  afterAll(() => app.close());

  /** A patient who signs up over HTTP, as a real one would. */
  async function signUp(): Promise<{ patientId: string; headers: Record<string, string> }> {
    const res = await signUpOverHttp(app, db.store, clinic, {
      name: unique("Pat"),
      email: `${unique("p")}@example.test`,
      password: "a long password",
      timeZone: "America/New_York",
    });
    return {
      patientId: res.json().patientId,
      headers: { cookie: sessionCookieOf(res), origin: SAME_ORIGIN },
    };
  }

  const call = (
    method: "GET" | "PUT" | "POST",
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) => app.inject({ method, url, headers, ...(payload !== undefined && { payload: payload as object }) });

  it("serves a plan stored before sessions were each prepared and red flags were carried", async () => {
    const { patientId, headers } = await signUp();
    const current = planFor({});
    const { redFlags: _redFlags, addOnsRefused: _refused, kind: _kind, ...older } = current;
    const stored = await insertPlan(db.store.db, {
      patientId,
      protocolVersion: current.protocolVersion,
      intakeVersion: 1,
      data: { ...older, prep: current.prep.map(({ session: _session, ...step }) => step) },
      createdAt: "2030-01-01T00:00:00Z",
    });
    const res = await call("GET", `/api/v1/patients/${patientId}/plans/${stored.id}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: "series", redFlags: [], addOnsRefused: [] });
    expect(res.json().prep.every((p: { session: number }) => p.session === 1)).toBe(true);
  });

  it("runs the patient's own flow: intake with an ongoing retinoid, then a plan that waits for the washout", async () => {
    const { patientId, headers } = await signUp();
    expectProblem(await call("GET", `/api/v1/patients/${patientId}/intake`, headers), 404, "not_found");
    expectProblem(
      await call("POST", `/api/v1/patients/${patientId}/plans`, headers, {}),
      409,
      "invalid_state",
    );

    const saved = await call("PUT", `/api/v1/patients/${patientId}/intake`, headers, RETINOID_INTAKE);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      version: 1,
      intake: { medications: [{ code: "topical_retinoid", ongoing: true }] },
    });
    const again = await call("PUT", `/api/v1/patients/${patientId}/intake`, headers, RETINOID_INTAKE);
    expect(again.json().version).toBe(2);
    expect((await call("GET", `/api/v1/patients/${patientId}/intake`, headers)).json().version).toBe(2);

    const created = await call("POST", `/api/v1/patients/${patientId}/plans`, headers, {
      desiredStartOn: "2030-01-04",
    });
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json();
    expect(plan).toMatchObject({
      status: "draft",
      intakeVersion: 2,
      asOf: "2030-01-02",
      timeZone: "America/New_York",
    });
    // Stop today at the earliest, then 7 days: the first session is on the 9th, not the 4th asked for.
    expect(plan.earliestStartOn).toBe("2030-01-09");
    expect(plan.sessions[0].targetOn).toBe("2030-01-09");
    expect(plan.eligibility.reasons).toEqual([
      expect.objectContaining({ code: "topical_retinoid", until: "2030-01-09" }),
    ]);
    // Only a washout stands: the patient waits, nothing blocks them.
    expect(plan.eligibility.status).toBe("wait");
    // Every session is prepared: the retinoid pauses before each one and comes back after it.
    const pauses = plan.prep.filter((p: { code: string }) => p.code.endsWith("_topical_retinoid"));
    expect(pauses.map((p: { code: string; session: number }) => `${p.code}@${p.session}`)).toEqual([
      "stop_topical_retinoid@1",
      "resume_topical_retinoid@1",
      "stop_topical_retinoid@2",
      "resume_topical_retinoid@2",
      "stop_topical_retinoid@3",
      "resume_topical_retinoid@3",
    ]);
    expect(plan.redFlags).toContainEqual(expect.objectContaining({ code: "infection_signs" }));

    const fetched = await call("GET", `/api/v1/patients/${patientId}/plans/${plan.id}`, headers);
    expect(fetched.json()).toEqual(plan);
    const list = await call("GET", `/api/v1/patients/${patientId}/plans`, headers);
    expect(list.json().plans.map((p: { id: string }) => p.id)).toEqual([plan.id]);

    // A patient cannot accept their own plan.
    expectProblem(
      await call("POST", `/api/v1/patients/${patientId}/plans/${plan.id}/accept`, headers),
      403,
      "forbidden",
    );
    // A patient's own writes are audited as theirs; their reads of their own record are not.
    const audit = await listAuditEntries(db.store.db, { clinicId: clinic.id, patientId, limit: 10 });
    // One clock instant: sorted, as the log orders entries of one instant by id.
    expect(audit.map((e) => `${e.action} ${e.actorRole} ${e.target?.type}`).sort()).toEqual([
      "intake.write patient patient",
      "intake.write patient patient",
      "plan.create patient plan",
    ]);
  });

  it("refuses intake days in the future and plan dates before today, naming the field", async () => {
    const { patientId, headers } = await signUp();
    const future = { ...RETINOID_INTAKE, medications: [{ code: "isotretinoin", lastTakenOn: "2030-01-03" }] };
    const bad = expectProblem(
      await call("PUT", `/api/v1/patients/${patientId}/intake`, headers, future),
      400,
    );
    expect(bad.errors).toEqual([expect.objectContaining({ path: "medications[0].lastTakenOn" })]);

    await call("PUT", `/api/v1/patients/${patientId}/intake`, headers, RETINOID_INTAKE);
    const early = expectProblem(
      await call("POST", `/api/v1/patients/${patientId}/plans`, headers, { desiredStartOn: "2029-12-31" }),
      400,
    );
    expect(early.errors).toEqual([expect.objectContaining({ path: "desiredStartOn" })]);
  });

  it("lets staff accept: review reasons need a provider's override, signed with the provider's name", async () => {
    const { patientId, headers } = await signUp();
    const intake = { ...RETINOID_INTAKE, conditions: ["cold_sore_history"] };
    await call("PUT", `/api/v1/patients/${patientId}/intake`, headers, intake);
    const draft = (
      await call("POST", `/api/v1/patients/${patientId}/plans`, headers, { addOns: ["prp"] })
    ).json();
    const accept = `/api/v1/patients/${patientId}/plans/${draft.id}/accept`;
    const override = { overrides: [{ code: "cold_sore_history", reason: "on valacyclovir" }] };

    const unreviewed = expectProblem(
      await call("POST", accept, frontDesk.headers),
      422,
      "needs_provider_review",
    );
    expect(unreviewed.reasons).toEqual(["cold_sore_history"]);
    expectProblem(await call("POST", accept, frontDesk.headers, override), 403, "forbidden");
    expectProblem(await call("POST", accept, admin.headers, override), 403, "forbidden");
    const hardBlock = expectProblem(
      await call("POST", accept, provider.headers, { overrides: [{ code: "pregnancy", reason: "no" }] }),
      400,
    );
    expect(hardBlock.errors).toEqual([expect.objectContaining({ path: "overrides[0].code" })]);

    const accepted = await call("POST", accept, provider.headers, override);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const plan = accepted.json();
    expect(plan).toMatchObject({
      status: "accepted",
      acceptedBy: provider.account.id,
      acceptedAt: "2030-01-02T15:00:00Z",
    });
    // Accepting changes the plan's state, not its identity.
    expect(plan.id).toBe(draft.id);
    expect(plan.overrides).toEqual([
      { code: "cold_sore_history", reason: "on valacyclovir", by: "Dr. Ames", applied: true },
    ]);
    expect(plan.eligibility.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "cold_sore_history",
          override: { by: "Dr. Ames", reason: "on valacyclovir" },
        }),
      ]),
    );
    // Same inputs as the draft: the same days.
    expect(plan.sessions).toEqual(draft.sessions);
    expect((await call("GET", `/api/v1/patients/${patientId}/plans/${draft.id}`, headers)).json()).toEqual(
      plan,
    );
    const list = (await call("GET", `/api/v1/patients/${patientId}/plans`, headers)).json().plans;
    expect(list.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      [draft.id, "accepted"],
    ]);
    const again = expectProblem(await call("POST", accept, provider.headers, override), 409, "invalid_state");
    expect(again.detail).toBe("Only a draft plan can be accepted; this one is accepted.");

    // A later accepted plan supersedes this one; the patient has one current plan.
    const next = (
      await call("POST", `/api/v1/patients/${patientId}/plans`, headers, { addOns: ["prp"] })
    ).json();
    const nextAccepted = await call(
      "POST",
      `/api/v1/patients/${patientId}/plans/${next.id}/accept`,
      provider.headers,
      override,
    );
    expect(nextAccepted.json()).toMatchObject({ id: next.id, status: "accepted" });
    const statuses = (await call("GET", `/api/v1/patients/${patientId}/plans`, headers)).json().plans;
    expect(statuses.map((p: { id: string; status: string }) => [p.id, p.status]).sort()).toEqual(
      [
        [draft.id, "superseded"],
        [next.id, "accepted"],
      ].sort(),
    );

    const audit = await listAuditEntries(db.store.db, { clinicId: clinic.id, patientId, limit: 50 });
    expect(audit.map((e) => [e.action, e.actorId])).toContainEqual(["plan.accept", provider.account.id]);
  });

  it("refuses to accept a plan that a hard contraindication blocks", async () => {
    const { patientId, headers } = await signUp();
    await call("PUT", `/api/v1/patients/${patientId}/intake`, headers, {
      ...RETINOID_INTAKE,
      conditions: ["pregnancy"],
    });
    const draft = (await call("POST", `/api/v1/patients/${patientId}/plans`, headers, {})).json();
    expect(draft.earliestStartOn).toBeNull();
    const res = await call(
      "POST",
      `/api/v1/patients/${patientId}/plans/${draft.id}/accept`,
      provider.headers,
    );
    expect(expectProblem(res, 422, "contraindicated").reasons).toEqual(["pregnancy"]);
  });

  it("uses the clinic's current protocol version for new plans", async () => {
    const version = unique("clinic");
    const put = await call("PUT", `/api/v1/clinics/${clinic.slug}/protocol`, admin.headers, {
      version,
      medications: { topical_retinoid: { days: 10 } },
    });
    expect(put.statusCode, put.body).toBe(201);
    const { patientId, headers } = await signUp();
    await call("PUT", `/api/v1/patients/${patientId}/intake`, headers, RETINOID_INTAKE);
    const plan = (await call("POST", `/api/v1/patients/${patientId}/plans`, headers, {})).json();
    expect(plan.protocolVersion).toBe(version);
    expect(plan.earliestStartOn).toBe("2030-01-12");
  });

  it("audits every staff read and write of a patient's data, and shows it to the clinic's admin", async () => {
    const { patientId, headers } = await signUp();
    await call("PUT", `/api/v1/patients/${patientId}/intake`, frontDesk.headers, RETINOID_INTAKE);
    await call("GET", `/api/v1/patients/${patientId}/intake`, provider.headers);
    const plan = (await call("POST", `/api/v1/patients/${patientId}/plans`, frontDesk.headers, {})).json();
    await call("GET", `/api/v1/patients/${patientId}/plans/${plan.id}`, provider.headers);
    await call("GET", `/api/v1/patients/${patientId}`, headers); // the patient: not audited

    const res = await call("GET", `/api/v1/audit?patientId=${patientId}`, admin.headers);
    expect(res.statusCode, res.body).toBe(200);
    // One fixed clock: every row has the same instant, so compare without order.
    const rows = res.json().entries.map((e: { action: string; actorId: string }) => [e.action, e.actorId]);
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(
      expect.arrayContaining([
        ["intake.write", frontDesk.account.id],
        ["intake.read", provider.account.id],
        ["plan.create", frontDesk.account.id],
        ["plan.read", provider.account.id],
      ]),
    );
    const window = await call(
      "GET",
      `/api/v1/audit?patientId=${patientId}&from=2030-01-02T15:00:00Z&to=2030-01-02T15:00:01Z`,
      admin.headers,
    );
    // The first read of the log is itself in the log now, filed under the patient it asked about.
    const windowRows = window
      .json()
      .entries.map((e: { action: string; actorId: string }) => [e.action, e.actorId]);
    expect(windowRows).toHaveLength(5);
    expect(windowRows).toContainEqual(["audit.read", admin.account.id]);
    const later = await call(
      "GET",
      `/api/v1/audit?patientId=${patientId}&from=2030-01-03T00:00:00Z`,
      admin.headers,
    );
    expect(later.json().entries).toEqual([]);
    const backwards = await call(
      "GET",
      "/api/v1/audit?from=2030-01-03T00:00:00Z&to=2030-01-02T00:00:00Z",
      admin.headers,
    );
    expect(expectProblem(backwards, 400).errors).toEqual([expect.objectContaining({ path: "to" })]);
  });
});
