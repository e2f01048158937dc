import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newProvider, newService } from "../factories.js";
import { expectProblem, testApp } from "./harness.js";

describeEachDatabase("providers a patient may ask for, over HTTP", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  it("names the active providers of a service to anyone, and nothing about their week", async () => {
    const clinic = await newClinic(db.store);
    await newService(db.store, clinic.id, { code: "microneedling" });
    await newService(db.store, clinic.id, { code: "consultation", isTreatment: false });
    const ames = await newProvider(db.store, clinic.id, { name: "Dr. Ames", skills: ["microneedling"] });
    await newProvider(db.store, clinic.id, { name: "Dr. Bell", skills: ["consultation"] });
    await newProvider(db.store, clinic.id, { name: "Dr. Cole", skills: ["microneedling"], active: false });

    const res = await app.inject({ url: `/api/v1/clinics/${clinic.slug}/services/microneedling/providers` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ providers: [{ id: ames.id, name: "Dr. Ames" }] });

    expectProblem(
      await app.inject({ url: `/api/v1/clinics/${clinic.slug}/services/peel/providers` }),
      404,
      "not_found",
    );
  });
});
