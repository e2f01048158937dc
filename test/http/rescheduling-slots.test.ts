import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient, newProvider, newRoom, newService } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, testApp } from "./harness.js";

/** The harness clock says Wednesday 2030-01-02, 10:00 in New York; 2030-01-07 is a Monday. */
const ZONE = "America/New_York";
const MONDAY_10 = "2030-01-07T15:00:00Z";
const MONDAY_1015 = "2030-01-07T15:15:00Z";

describeEachDatabase("slots for moving a booking over HTTP", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  const send = (method: "GET" | "POST" | "PATCH", url: string, actor?: Actor, payload?: object) =>
    app.inject({
      method,
      url,
      ...(actor === undefined ? {} : { headers: actor.headers }),
      ...(payload === undefined ? {} : { payload }),
    });

  /** One provider, so a booking at 10:00 leaves no one free at 10:15 unless it is ignored. */
  async function newScene() {
    const clinic = await newClinic(db.store, {
      timeZone: ZONE,
      policy: { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 180 },
    });
    await newProvider(db.store, clinic.id, { skills: ["consultation"] });
    await newRoom(db.store, clinic.id);
    await newService(db.store, clinic.id, { code: "consultation", durationMinutes: 30, isTreatment: false });
    const patientRow = await newPatient(db.store, clinic.id, { timeZone: ZONE });
    const patient = await patientActor(db.store, clinic, patientRow);
    const otherRow = await newPatient(db.store, clinic.id, { timeZone: ZONE });
    const other = await patientActor(db.store, clinic, otherRow);
    const frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    const booked = await send("POST", "/api/v1/bookings", patient, {
      patientId: patientRow.id,
      service: "consultation",
      startsAt: MONDAY_10,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const bookingId: string = booked.json().id;
    const slotsUrl = (extra = "") =>
      `/api/v1/clinics/${clinic.slug}/slots?service=consultation&from=2030-01-07T14:00:00Z&to=2030-01-07T17:00:00Z${extra}`;
    const startsOf = (res: { json(): { slots: { startsAt: string }[] } }) =>
      res.json().slots.map((s) => s.startsAt);
    return {
      clinic,
      patient,
      patientId: patientRow.id,
      other,
      otherId: otherRow.id,
      frontDesk,
      bookingId,
      slotsUrl,
      startsOf,
    };
  }

  it("offers the patient the times their own booking blocks, and the move books one", async () => {
    const s = await newScene();
    const plain = await send("GET", s.slotsUrl(), s.patient);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(s.startsOf(plain)).not.toContain(MONDAY_1015);

    const moving = await send("GET", s.slotsUrl(`&rescheduling=${s.bookingId}`), s.patient);
    expect(moving.statusCode, moving.body).toBe(200);
    expect(s.startsOf(moving)).toContain(MONDAY_10);
    expect(s.startsOf(moving)).toContain(MONDAY_1015);

    const moved = await send("PATCH", `/api/v1/bookings/${s.bookingId}`, s.patient, {
      startsAt: MONDAY_1015,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().startsAt).toBe(MONDAY_1015);
  });

  it("lets the clinic's staff search as the booking's patient", async () => {
    const s = await newScene();
    const moving = await send("GET", s.slotsUrl(`&rescheduling=${s.bookingId}`), s.frontDesk);
    expect(moving.statusCode, moving.body).toBe(200);
    expect(s.startsOf(moving)).toContain(MONDAY_1015);

    const named = await send(
      "GET",
      s.slotsUrl(`&rescheduling=${s.bookingId}&patientId=${s.patientId}`),
      s.frontDesk,
    );
    expect(named.statusCode, named.body).toBe(200);
    const mismatch = await send(
      "GET",
      s.slotsUrl(`&rescheduling=${s.bookingId}&patientId=${s.otherId}`),
      s.frontDesk,
    );
    expect(expectProblem(mismatch, 400, "invalid_input").errors).toEqual([
      expect.objectContaining({ path: "rescheduling" }),
    ]);
  });

  it("answers another patient, another clinic and a visitor as if the booking did not exist", async () => {
    const s = await newScene();
    const url = s.slotsUrl(`&rescheduling=${s.bookingId}`);
    expectProblem(await send("GET", url, s.other), 404, "not_found");
    expectProblem(await send("GET", url), 401);
    const elsewhere = await newScene();
    expectProblem(
      await send("GET", elsewhere.slotsUrl(`&rescheduling=${s.bookingId}`), elsewhere.frontDesk),
      404,
    );
    expectProblem(await send("GET", s.slotsUrl(`&rescheduling=${elsewhere.bookingId}`), s.frontDesk), 404);
  });
});
