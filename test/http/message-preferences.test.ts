import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient } from "../factories.js";
import { expectProblem, patientActor, testApp } from "./harness.js";

describeEachDatabase("message preferences over HTTP", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  it("reads back what the patient chose, and hides another patient's choice", async () => {
    const clinic = await newClinic(db.store);
    const patientRow = await newPatient(db.store, clinic.id);
    const patient = await patientActor(db.store, clinic, patientRow);
    const url = `/api/v1/patients/${patientRow.id}/message-preferences`;

    const first = await app.inject({ method: "GET", url, headers: patient.headers });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ recall: { email: true, sms: true } });

    const set = await app.inject({
      method: "PUT",
      url,
      headers: patient.headers,
      payload: { recall: { sms: false } },
    });
    expect(set.statusCode, set.body).toBe(200);
    const after = await app.inject({ method: "GET", url, headers: patient.headers });
    expect(after.json()).toEqual({ recall: { email: true, sms: false } });

    const other = await patientActor(db.store, clinic, await newPatient(db.store, clinic.id));
    expectProblem(await app.inject({ method: "GET", url, headers: other.headers }), 404, "not_found");
  });
});
