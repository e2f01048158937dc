import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { defaultProtocol } from "../../src/domain/protocol/protocol-loader.js";
import { dayOfInstant } from "../../src/domain/time/calendar.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient, newProvider, newRoom, newService, unique } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, testApp } from "./harness.js";

/** The harness clock says Wednesday 2030-01-02, 10:00 in New York; 2030-01-07 is a Monday. */
const ZONE = "America/New_York";
const WRINKLES = { concerns: [{ code: "wrinkles", severity: "moderate" }] };

describeEachDatabase("booking rules over HTTP", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  /** A New York clinic with one provider (Mon–Fri 09:00–17:00), one room and microneedling. */
  async function newBookableClinic(maxAdvanceDays = 180) {
    const clinic = await newClinic(db.store, {
      timeZone: ZONE,
      policy: { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays },
    });
    const providerRow = await newProvider(db.store, clinic.id, { name: "Dr. Ames" });
    await newRoom(db.store, clinic.id);
    await newService(db.store, clinic.id, { code: "microneedling", durationMinutes: 60, needsRoom: true });
    const provider = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      name: "Dr. Ames",
      providerId: providerRow.id,
    });
    const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    const patientRow = await newPatient(db.store, clinic.id, { timeZone: ZONE });
    const patient = await patientActor(db.store, clinic, patientRow);
    return { clinic, provider, admin, patient, patientId: patientRow.id };
  }

  const send = (
    method: "GET" | "PUT" | "POST" | "PATCH",
    url: string,
    actor: Actor,
    payload?: Record<string, unknown>,
  ) => app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });

  const slotsUrl = (clinic: Clinic, from: string, to: string) =>
    `/api/v1/clinics/${clinic.slug}/slots?service=microneedling&from=${from}&to=${to}`;

  it("a clinic protocol that makes sunburn reviewable lets a provider's override book the patient", async () => {
    const c = await newBookableClinic();
    const saved = await send("PUT", `/api/v1/clinics/${c.clinic.slug}/protocol`, c.admin, {
      version: unique("sunburn-review"),
      conditions: { sunburn: { severity: "needs_review" } },
    });
    expect(saved.statusCode, saved.body).toBe(201);

    const intake = await send("PUT", `/api/v1/patients/${c.patientId}/intake`, c.patient, {
      ...WRINKLES,
      conditions: ["sunburn"],
    });
    expect(intake.statusCode, intake.body).toBe(200);
    const draft = await send("POST", `/api/v1/patients/${c.patientId}/plans`, c.patient, {});
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().eligibility.status).toBe("needs_review");

    // Until a provider signs off, nothing is offered and nothing can be booked.
    const window = slotsUrl(c.clinic, "2030-01-07T00:00:00Z", "2030-01-12T00:00:00Z");
    const waiting = await send("GET", window, c.patient);
    expect(waiting.json()).toMatchObject({ slots: [], refusal: { code: "needs_provider_review" } });
    const refused = await send("POST", "/api/v1/bookings", c.patient, {
      patientId: c.patientId,
      service: "microneedling",
      startsAt: "2030-01-07T15:00:00Z",
    });
    expectProblem(refused, 422, "needs_provider_review");

    const accepted = await send(
      "POST",
      `/api/v1/patients/${c.patientId}/plans/${draft.json().id}/accept`,
      c.provider,
      { overrides: [{ code: "sunburn", reason: "Healed; checked in person." }] },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: "accepted", eligibility: { status: "eligible" } });
    expect(accepted.json().overrides).toEqual([
      expect.objectContaining({ code: "sunburn", by: "Dr. Ames", applied: true }),
    ]);

    const open = await send("GET", window, c.patient);
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json().refusal).toBeNull();
    const [first] = open.json().slots as { startsAt: string }[];
    expect(first).toBeDefined();
    const booked = await send("POST", "/api/v1/bookings", c.patient, {
      patientId: c.patientId,
      service: "microneedling",
      startsAt: first?.startsAt,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({
      patientId: c.patientId,
      service: "microneedling",
      status: "booked",
    });
  });

  it("under the default protocol sunburn stays a hard block: the override is refused by field", async () => {
    const c = await newBookableClinic();
    expect(defaultProtocol.conditions.sunburn.severity).toBe("hard_block");
    await send("PUT", `/api/v1/patients/${c.patientId}/intake`, c.patient, {
      ...WRINKLES,
      conditions: ["sunburn"],
    });
    const draft = await send("POST", `/api/v1/patients/${c.patientId}/plans`, c.patient, {});
    expect(draft.json().eligibility.status).toBe("blocked");
    const accepted = await send(
      "POST",
      `/api/v1/patients/${c.patientId}/plans/${draft.json().id}/accept`,
      c.provider,
      { overrides: [{ code: "sunburn", reason: "Looks fine." }] },
    );
    const problem = expectProblem(accepted, 400, "invalid_input");
    expect(problem.errors).toContainEqual(expect.objectContaining({ path: "overrides[0].code" }));
  });

  it("maxAdvanceDays holds on slot search, booking, series booking and rescheduling", async () => {
    // Today is 2030-01-02 in New York: with 30 days ahead, the last bookable day is 2030-02-01.
    const c = await newBookableClinic(30);
    const last = "2030-02-01";
    await send("PUT", `/api/v1/patients/${c.patientId}/intake`, c.patient, WRINKLES);

    const slots = await send(
      "GET",
      slotsUrl(c.clinic, "2030-01-28T00:00:00Z", "2030-02-09T00:00:00Z"),
      c.patient,
    );
    expect(slots.statusCode, slots.body).toBe(200);
    const days = (slots.json().slots as { startsAt: string }[]).map((s) => dayOfInstant(s.startsAt, ZONE));
    expect(days.length).toBeGreaterThan(0);
    expect(days.at(-1)).toBe(last); // a Friday: slots up to it, none after
    expect(days.every((day) => day <= last)).toBe(true);

    const tooFar = await send("POST", "/api/v1/bookings", c.patient, {
      patientId: c.patientId,
      service: "microneedling",
      startsAt: "2030-02-04T15:00:00Z",
    });
    expect(expectProblem(tooFar, 422, "too_far_ahead").lastBookableOn).toBe(last);

    const plan = await send("POST", `/api/v1/patients/${c.patientId}/plans`, c.patient, {});
    expect(plan.statusCode, plan.body).toBe(201);
    const series = await send("POST", "/api/v1/bookings/series", c.patient, {
      patientId: c.patientId,
      planId: plan.json().id,
      firstStartsAt: "2030-01-07T15:00:00Z",
    });
    expect(expectProblem(series, 422, "too_far_ahead").lastBookableOn).toBe(last);

    const booked = await send("POST", "/api/v1/bookings", c.patient, {
      patientId: c.patientId,
      service: "microneedling",
      startsAt: "2030-01-07T15:00:00Z",
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const moved = await send("PATCH", `/api/v1/bookings/${booked.json().id}`, c.patient, {
      startsAt: "2030-02-04T15:00:00Z",
    });
    expect(expectProblem(moved, 422, "too_far_ahead").lastBookableOn).toBe(last);
    const within = await send("PATCH", `/api/v1/bookings/${booked.json().id}`, c.patient, {
      startsAt: "2030-02-01T15:00:00Z",
    });
    expect(within.statusCode, within.body).toBe(200);
    expect(within.json()).toMatchObject({ startsAt: "2030-02-01T15:00:00Z", service: "microneedling" });
  });
});
