import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient } from "../factories.js";
import { type Actor, newActor, testApp } from "./harness.js";

describeEachDatabase("request logs", (db) => {
  const lines: string[] = [];
  let app: FastifyInstance;
  let admin: Actor;
  let patient: { id: string; name: string; email: string | null };
  let slug: string;

  beforeAll(async () => {
    app = testApp(db.store, {
      logger: true,
      config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "info" }),
      logStream: { write: (line) => void lines.push(line) },
    });
    app.get("/test/boom", async () => {
      throw new Error("kaboom");
    });
    await app.ready();
    const clinic = await newClinic(db.store);
    slug = clinic.slug;
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    patient = await newPatient(db.store, clinic.id, { name: "Zelda Quartermaine" });
  });
  afterAll(() => app.close());

  it("carry the request id, method, route and status, and no patient data", async () => {
    lines.length = 0;
    const res = await app.inject({
      url: `/api/v1/clinics/${slug}/patients?q=Quartermaine`,
      headers: admin.headers,
    });
    expect(res.json().patients).toEqual([expect.objectContaining({ name: "Zelda Quartermaine" })]);
    await app.inject({ url: `/api/v1/patients/${patient.id}`, headers: admin.headers });
    const log = lines.join("");
    expect(log).toContain(String(res.headers["x-request-id"]));
    expect(log).toContain('"route":"/api/v1/patients/:id"');
    expect(log).toContain('"statusCode":200');
    for (const secret of [
      "Quartermaine",
      "Zelda",
      patient.id,
      String(patient.email),
      admin.headers.cookie.split("=")[1],
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it("log an unexpected error with its request id", async () => {
    lines.length = 0;
    const res = await app.inject({ url: "/test/boom", headers: { "x-request-id": "trace-me-1" } });
    expect(res.statusCode).toBe(500);
    const errorLine = lines.map((l) => JSON.parse(l)).find((l) => l.level === 50);
    expect(errorLine).toMatchObject({ reqId: "trace-me-1", err: { message: "kaboom" } });
  });
});
