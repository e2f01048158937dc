import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic, Provider, Service } from "../../src/domain/clinic/types.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { insertBooking } from "../../src/store/booking.repository.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT, newClinic, newPatient, newProvider, newService } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, testApp } from "./harness.js";

const CHART = {
  device: "SkinPen Precision",
  areas: [
    { area: "cheeks", depthMm: 1.5, passes: 3 },
    { area: "forehead", depthMm: 0.5, passes: 2 },
  ],
  prp: { volumeMl: 8 },
  products: [{ name: "Hyaluronic serum", lotNumber: "HS-2291" }],
  numbing: { product: "BLT cream", minutes: 30 },
  notes: "Tolerated well.",
};

describeEachDatabase("session charting over HTTP", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;
  let providerRow: Provider;
  let treatment: Service;
  let consultation: Service;
  let provider: Actor;
  let frontDesk: Actor;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store);
    providerRow = await newProvider(db.store, clinic.id, { skills: ["microneedling_prp", "consultation"] });
    treatment = await newService(db.store, clinic.id, { code: "microneedling_prp", addOn: "prp" });
    consultation = await newService(db.store, clinic.id, { code: "consultation", isTreatment: false });
    provider = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      providerId: providerRow.id,
      name: "Dr. Ames",
    });
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
  });
  afterAll(() => app.close());

  const send = (method: "GET" | "PUT" | "POST", url: string, actor: Actor, payload?: object) =>
    app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });

  async function booked(patientId: string, startsAt: string, service = treatment) {
    const b = await insertBooking(db.store.db, {
      clinicId: clinic.id,
      patientId,
      serviceId: service.id,
      providerId: providerRow.id,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
      createdAt: CREATED_AT,
    });
    return `/api/v1/bookings/${b.id}/chart`;
  }

  it("a provider writes a draft, signs it after the session, and changes it only by amendment", async () => {
    const patient = await newPatient(db.store, clinic.id);
    const url = await booked(patient.id, "2029-12-20T15:00:00Z");

    const empty = await send("GET", url, frontDesk);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ status: "none", chart: null, amendments: [], previous: null });

    const saved = await send("PUT", url, provider, CHART);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ status: "draft", chart: { ...CHART, rf: null }, signedAt: null });
    expect((await send("PUT", url, provider, { ...CHART, notes: "Edited draft." })).json().chart.notes).toBe(
      "Edited draft.",
    );

    const signed = await send("POST", `${url}/sign`, provider);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({
      status: "signed",
      signedBy: provider.account.id,
      signedAt: expect.any(String),
    });
    expectProblem(await send("PUT", url, provider, CHART), 409, "invalid_state");
    expectProblem(await send("POST", `${url}/sign`, provider), 409, "invalid_state");

    const amended = await send("POST", `${url}/amendments`, provider, {
      reason: "Lot number misread.",
      changes: { products: [{ name: "Hyaluronic serum", lotNumber: "HS-2297" }], device: CHART.device },
    });
    expect(amended.statusCode, amended.body).toBe(201);
    const body = amended.json();
    expect(body.chart.products).toEqual([{ name: "Hyaluronic serum", lotNumber: "HS-2297" }]);
    expect(body.amendments).toEqual([
      {
        id: expect.any(String),
        bookingId: body.bookingId,
        authorId: provider.account.id,
        authorName: "Dr. Ames",
        at: expect.any(String),
        reason: "Lot number misread.",
        changes: [
          {
            field: "products",
            before: [{ name: "Hyaluronic serum", lotNumber: "HS-2291" }],
            after: [{ name: "Hyaluronic serum", lotNumber: "HS-2297" }],
          },
        ],
      },
    ]);
    expectProblem(
      await send("POST", `${url}/amendments`, provider, {
        reason: "Nothing.",
        changes: { device: CHART.device },
      }),
      400,
      "invalid_input",
    );

    const audit = await listAuditEntries(db.store.db, {
      clinicId: clinic.id,
      patientId: patient.id,
      limit: 100,
    });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["chart.read", "chart.save", "chart.sign", "chart.amend"]),
    );
    expect(audit.find((e) => e.action === "chart.amend")?.reason).toBe("Lot number misread.");
  });

  it("offers the previous charted session's parameters as the starting point", async () => {
    const patient = await newPatient(db.store, clinic.id);
    const first = await booked(patient.id, "2029-11-01T15:00:00Z");
    const second = await booked(patient.id, "2029-12-01T15:00:00Z");
    expect((await send("GET", second, provider)).json().previous).toBeNull();
    expect((await send("PUT", first, provider, CHART)).statusCode).toBe(200);
    const view = (await send("GET", second, provider)).json();
    expect(view.previous).toMatchObject({
      bookingId: first.split("/")[4],
      startsAt: "2029-11-01T15:00:00Z",
      chart: { areas: CHART.areas },
    });
    // The first session has nothing before it.
    expect((await send("GET", first, provider)).json().previous).toBeNull();
  });

  it("refuses bad values naming the field, other roles, future sessions' signatures and consultations", async () => {
    const patient = await newPatient(db.store, clinic.id);
    const url = await booked(patient.id, "2030-02-01T15:00:00Z");
    const bad = expectProblem(
      await send("PUT", url, provider, { ...CHART, areas: [{ area: "cheeks", depthMm: 3.5, passes: 1 }] }),
      400,
    );
    expect(bad.errors?.map((e) => e.path)).toEqual(["areas[0].depthMm"]);
    expect(bad.errors?.[0]?.message).toMatch(/3 mm/);
    expectProblem(await send("PUT", url, frontDesk, CHART), 403);
    expectProblem(await send("GET", url, await patientActor(db.store, clinic, patient)), 403);
    expect((await send("PUT", url, provider, CHART)).statusCode).toBe(200);
    expectProblem(await send("POST", `${url}/sign`, provider), 409, "invalid_state");
    expectProblem(
      await send("POST", `${url}/amendments`, provider, { reason: "x", changes: { notes: "y" } }),
      409,
      "invalid_state",
    );
    const consult = await booked(patient.id, "2029-12-05T15:00:00Z", consultation);
    expectProblem(await send("PUT", consult, provider, CHART), 409, "invalid_state");
    expectProblem(await send("GET", `/api/v1/bookings/${crypto.randomUUID()}/chart`, provider), 404);
  });

  it("a provider assesses each concern of a session; the patient reads their own scores", async () => {
    const patient = await newPatient(db.store, clinic.id);
    const url = (await booked(patient.id, "2029-12-22T15:00:00Z")).replace("/chart", "/assessment");
    const self = await patientActor(db.store, clinic, patient);
    expect((await send("GET", url, self)).json()).toEqual({ assessment: null });
    const body = { concerns: [{ concern: "acne_scars", score: 6, improvement: "slight" }] };
    const saved = await send("PUT", url, provider, body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      concerns: [{ concern: "acne_scars", score: 6, improvement: "slight", note: null }],
      assessedBy: provider.account.id,
    });
    expect((await send("GET", url, self)).json().assessment.concerns[0].score).toBe(6);
    const bad = expectProblem(
      await send("PUT", url, provider, {
        concerns: [{ concern: "acne_scars", score: 11 }, { concern: "wrinkles" }],
      }),
      400,
    );
    expect(bad.errors?.map((e) => e.path)).toEqual(["concerns[0].score", "concerns[1].score"]);
    expectProblem(await send("PUT", url, frontDesk, body), 403);
    const future = (await booked(patient.id, "2030-03-01T15:00:00Z")).replace("/chart", "/assessment");
    expectProblem(await send("PUT", future, provider, body), 409, "invalid_state");
  });
});
