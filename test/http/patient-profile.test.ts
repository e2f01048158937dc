import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic, Patient } from "../../src/domain/clinic/types.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, RETINOID_INTAKE, testApp } from "./harness.js";

/** PATCH /api/v1/patients/{id}: name, phone and time zone, by the patient or their clinic's staff. */
describeEachDatabase("changing a patient's profile over HTTP", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;
  let frontDesk: Actor;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store);
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
  });
  afterAll(() => app.close());

  async function newSignedInPatient(): Promise<{ patient: Patient; actor: Actor }> {
    const patient = await newPatient(db.store, clinic.id, { phone: "+1 555 0100" });
    return { patient, actor: await patientActor(db.store, clinic, patient) };
  }

  const patch = (patientId: string, headers: Record<string, string>, payload: unknown) =>
    app.inject({
      method: "PATCH",
      url: `/api/v1/patients/${patientId}`,
      headers,
      payload: payload as object,
    });

  const auditOf = (patientId: string) =>
    listAuditEntries(db.store.db, { clinicId: clinic.id, patientId, limit: 50 });

  it("lets the patient change their name, phone and time zone, answering the profile", async () => {
    const { patient, actor } = await newSignedInPatient();
    const res = await patch(patient.id, actor.headers, {
      name: "  Dana Renamed ",
      phone: null,
      timeZone: "America/Los_Angeles",
    });
    expect(res.statusCode, res.body).toBe(200);
    const profile = {
      id: patient.id,
      name: "Dana Renamed",
      email: patient.email,
      phone: null,
      timeZone: "America/Los_Angeles",
    };
    expect(res.json()).toEqual(profile);
    expect(
      (await app.inject({ url: `/api/v1/patients/${patient.id}`, headers: actor.headers })).json(),
    ).toEqual(profile);
    // A patient's own change is audited, under their own name and role; their reads are not.
    expect(await auditOf(patient.id)).toEqual([
      expect.objectContaining({
        action: "patient.update",
        actorId: actor.account.id,
        actorName: actor.account.name,
        actorRole: "patient",
        target: { type: "patient", id: patient.id },
        detail: { fields: ["name", "phone", "timeZone"] },
      }),
    ]);
  });

  it("counts the patient's days in the new zone from then on", async () => {
    const { patient, actor } = await newSignedInPatient();
    await patch(patient.id, actor.headers, { timeZone: "Asia/Tokyo" });
    await app.inject({
      method: "PUT",
      url: `/api/v1/patients/${patient.id}/intake`,
      headers: actor.headers,
      payload: RETINOID_INTAKE,
    });
    const plan = await app.inject({
      method: "POST",
      url: `/api/v1/patients/${patient.id}/plans`,
      headers: actor.headers,
      payload: {},
    });
    // The clock says 2030-01-02T15:00Z: already 3 January in Tokyo.
    expect(plan.json()).toMatchObject({ timeZone: "Asia/Tokyo", asOf: "2030-01-03" });
  });

  it("audits a staff change with the names of the fields changed, never their values", async () => {
    const { patient } = await newSignedInPatient();
    const res = await patch(patient.id, frontDesk.headers, {
      phone: "+1 555 0142",
      timeZone: "America/Denver",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ phone: "+1 555 0142", timeZone: "America/Denver" });
    const audit = await auditOf(patient.id);
    expect(audit.map((e) => [e.action, e.actorId, e.detail])).toEqual([
      ["patient.update", frontDesk.account.id, { fields: ["phone", "timeZone"] }],
    ]);
    expect(JSON.stringify(audit)).not.toContain("0142");
  });

  it("answers 404 for another patient's profile, as for a missing one", async () => {
    const { actor } = await newSignedInPatient();
    const { patient: someoneElse } = await newSignedInPatient();
    expectProblem(await patch(someoneElse.id, actor.headers, { name: "Mine now" }), 404, "not_found");
    const untouched = await app.inject({
      url: `/api/v1/patients/${someoneElse.id}`,
      headers: frontDesk.headers,
    });
    expect(untouched.json().name).toBe(someoneElse.name);
  });

  it.each([
    [{}, "", "give at least one of name, phone, timeZone"],
    [{ name: "Dana", email: "new@example.test" }, "email", "unknown field"],
    [{ name: "   " }, "name", "must not be empty"],
    [{ name: 42 }, "name", "must be a string"],
    [{ phone: "call me" }, "phone", "must be a phone number"],
    [
      { timeZone: "US/Eastern" },
      "timeZone",
      '"US/Eastern" is not a canonical time zone: use "America/New_York"',
    ],
    [{ timeZone: "EST" }, "timeZone", '"EST" is not a canonical time zone: use "America/New_York"'],
    [
      { timeZone: "Asia/Calcutta" },
      "timeZone",
      '"Asia/Calcutta" is not a canonical time zone: use "Asia/Kolkata"',
    ],
    [
      { timeZone: "+05:00" },
      "timeZone",
      '"+05:00" is a fixed offset, not a time zone (use a region\'s zone, such as America/New_York)',
    ],
    [
      { timeZone: "Etc/GMT+5" },
      "timeZone",
      '"Etc/GMT+5" is a fixed offset, not a time zone (use a region\'s zone, such as America/New_York)',
    ],
    [
      { timeZone: "America/New_Yrok" },
      "timeZone",
      'unknown time zone "America/New_Yrok" (did you mean "America/New_York"?)',
    ],
  ])("refuses %j, naming the field", async (body, path, message) => {
    const { patient, actor } = await newSignedInPatient();
    const problem = expectProblem(await patch(patient.id, actor.headers, body), 400, "invalid_input");
    expect(problem.errors).toEqual([{ path, message, in: "body" }]);
  });
});
