import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { newClinic } from "../factories.js";
import { type Actor, expectProblem, newActor, SAME_ORIGIN, testApp } from "./harness.js";

describeEachDatabase("education pages read the clinic's current protocol", (db) => {
  let app: FastifyInstance;
  let admin: Actor;
  let slug: string;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    const clinic = await newClinic(db.store);
    slug = clinic.slug;
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
  });
  afterAll(() => app.close());

  const retinoidDays = async () => {
    const answer = await app.inject({ url: `/api/v1/clinics/${slug}/education` });
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json();
    return body.washouts.find((w: { code: string }) => w.code === "topical_retinoid")?.days;
  };

  it("answers anyone, with the default protocol's numbers, then the clinic's own once saved", async () => {
    expect(await retinoidDays()).toBe(7);
    const saved = await app.inject({
      method: "PUT",
      url: `/api/v1/clinics/${slug}/protocol`,
      headers: { ...admin.headers, origin: SAME_ORIGIN },
      payload: { version: "retinoid-10", medications: { topical_retinoid: { days: 10 } } },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(await retinoidDays()).toBe(10);
  });

  it("answers 404 for a clinic that does not exist", async () => {
    expectProblem(await app.inject({ url: "/api/v1/clinics/no-such-clinic/education" }), 404, "not_found");
  });
});
