import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient, newProvider, newRoom, newService } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, testApp } from "./harness.js";

/** The harness clock says Wednesday 2030-01-02, 10:00 in New York; 2030-01-07 is a Monday. */
const ZONE = "America/New_York";

describeEachDatabase("per-patient caps over HTTP", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  const send = (method: "GET" | "POST", url: string, actor: Actor, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });

  it("publishes the caps, and refuses staff booking past them as it refuses the patient", async () => {
    // A policy stored without caps: the defaults apply and are published.
    const clinic = await newClinic(db.store, {
      timeZone: ZONE,
      policy: { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 180 },
    });
    await newProvider(db.store, clinic.id, { skills: ["consultation"] });
    await newRoom(db.store, clinic.id);
    await newService(db.store, clinic.id, { code: "consultation", durationMinutes: 30, isTreatment: false });
    const patientRow = await newPatient(db.store, clinic.id, { timeZone: ZONE });
    const patient = await patientActor(db.store, clinic, patientRow);
    const frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });

    const published = await app.inject({ method: "GET", url: `/api/v1/clinics/${clinic.slug}` });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().policy).toMatchObject({
      maxFutureTreatmentBookings: 6,
      maxConsultationsPerDay: 1,
      maxWaitlistEntries: 3,
    });

    const consult = (actor: Actor, startsAt: string) =>
      send("POST", "/api/v1/bookings", actor, {
        patientId: patientRow.id,
        service: "consultation",
        startsAt,
      });
    const first = await consult(patient, "2030-01-07T15:00:00Z");
    expect(first.statusCode, first.body).toBe(201);
    const byStaff = expectProblem(await consult(frontDesk, "2030-01-07T18:00:00Z"), 409, "limit_reached");
    expect(byStaff).toMatchObject({ limit: "maxConsultationsPerDay", max: 1 });

    const join = (actor: Actor, from: string, to: string) =>
      send("POST", "/api/v1/waitlist", actor, {
        patientId: patientRow.id,
        service: "consultation",
        from,
        to,
      });
    const entry = await join(patient, "2030-01-08T00:00:00Z", "2030-01-10T00:00:00Z");
    expect(entry.statusCode, entry.body).toBe(201);
    expectProblem(await join(frontDesk, "2030-01-09T00:00:00Z", "2030-01-11T00:00:00Z"), 409, "conflict");
  });
});
