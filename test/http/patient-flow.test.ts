import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newProvider, newRoom, newService, unique } from "../factories.js";
import { expectProblem, SAME_ORIGIN, sessionCookieOf, signUpOverHttp, testApp } from "./harness.js";

/**
 * A patient's whole way through, over HTTP as a browser would: sign up, tell the clinic about
 * an ongoing retinoid, get a plan, see slots (none before the washout ends), book, read the
 * timeline, move the booking, cancel it. The harness clock stands at Wednesday 2030-01-02.
 */
describeEachDatabase("the patient flow over HTTP", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store, { timeZone: "America/New_York" });
    await newProvider(db.store, clinic.id, { name: "Dr. Ames", skills: ["microneedling"] });
    await newRoom(db.store, clinic.id);
    await newService(db.store, clinic.id, { code: "microneedling", durationMinutes: 60, needsRoom: true });
  });
  afterAll(() => app.close());

  it("register → intake → plan → slots → book → timeline → reschedule → cancel", async () => {
    const email = `${unique("flow")}@example.test`;
    const password = "a long enough password";
    await signUpOverHttp(app, db.store, clinic, {
      name: "Dana Flow",
      email,
      password,
      timeZone: "America/Los_Angeles",
    });
    const login = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { origin: SAME_ORIGIN },
      payload: { email, password },
    });
    const headers = { cookie: sessionCookieOf(login), origin: SAME_ORIGIN };
    const me = (await app.inject({ url: "/api/v1/me", headers })).json();
    const patientId: string = me.patientId;
    expect(patientId).toBeTruthy();

    const intake = await app.inject({
      method: "PUT",
      url: `/api/v1/patients/${patientId}/intake`,
      headers,
      payload: {
        concerns: [{ code: "acne_scars", severity: "moderate" }],
        medications: [{ code: "topical_retinoid", ongoing: true }],
      },
    });
    expect(intake.statusCode, intake.body).toBe(200);

    const plan = await app.inject({
      method: "POST",
      url: `/api/v1/patients/${patientId}/plans`,
      headers,
      payload: {},
    });
    expect(plan.statusCode, plan.body).toBe(201);
    // Stopping today (2 January), the 7-day retinoid washout ends on 9 January.
    expect(plan.json().earliestStartOn).toBe("2030-01-09");

    const slots = await app.inject({
      url: `/api/v1/clinics/${clinic.slug}/slots?service=microneedling&from=2030-01-03T00:00:00Z&to=2030-01-12T00:00:00Z`,
      headers,
    });
    expect(slots.statusCode, slots.body).toBe(200);
    // The answer echoes the request's names.
    expect(slots.json()).toMatchObject({
      service: "microneedling",
      from: "2030-01-03T00:00:00Z",
      to: "2030-01-12T00:00:00Z",
    });
    const offered: { startsAt: string }[] = slots.json().slots;
    expect(offered.length).toBeGreaterThan(0);
    expect(slots.json().truncated).toBe(false);
    const page = await app.inject({
      url: `/api/v1/clinics/${clinic.slug}/slots?service=microneedling&from=2030-01-03T00:00:00Z&to=2030-01-12T00:00:00Z&limit=2`,
      headers,
    });
    expect(page.json()).toMatchObject({ truncated: true, slots: offered.slice(0, 2) });
    expect(offered.every((s) => s.startsAt >= "2030-01-09T05:00:00Z")).toBe(true);

    const tooEarly = await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers,
      payload: { patientId, service: "microneedling", startsAt: "2030-01-07T15:00:00Z" },
    });
    expect(expectProblem(tooEarly, 422, "washout_not_finished").until).toBe("2030-01-09");

    const booked = await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: { ...headers, "idempotency-key": unique("key") },
      payload: { patientId, service: "microneedling", startsAt: offered[0]?.startsAt },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().service).toBe("microneedling");
    const bookingId: string = booked.json().id;

    const timeline = (await app.inject({ url: `/api/v1/patients/${patientId}/timeline`, headers })).json();
    expect(timeline.timeZone).toBe("America/Los_Angeles");
    expect(timeline.entries).toContainEqual(
      expect.objectContaining({ kind: "prep", code: "stop_topical_retinoid", on: "2030-01-02" }),
    );
    expect(timeline.entries).toContainEqual(expect.objectContaining({ kind: "session", bookingId }));

    const moved = await app.inject({
      method: "PATCH",
      url: `/api/v1/bookings/${bookingId}`,
      headers,
      payload: { startsAt: "2030-01-14T16:00:00Z" },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Moving answers a booking, as booking does, naming the service as the request did.
    expect(Object.keys(moved.json()).sort()).toEqual(Object.keys(booked.json()).sort());
    expect(moved.json()).toMatchObject({
      id: bookingId,
      service: "microneedling",
      startsAt: "2030-01-14T16:00:00Z",
    });
    const prepAfterMove = (
      await app.inject({ url: `/api/v1/patients/${patientId}/timeline`, headers })
    ).json();
    expect(prepAfterMove.entries).toContainEqual(
      expect.objectContaining({ kind: "prep", code: "stop_topical_retinoid", on: "2030-01-07" }),
    );

    const cancelled = await app.inject({
      method: "POST",
      url: `/api/v1/bookings/${bookingId}/cancel`,
      headers,
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().booking).toMatchObject({ status: "cancelled", lateCancel: false });
    const list = (await app.inject({ url: `/api/v1/patients/${patientId}/bookings`, headers })).json();
    expect(list.bookings.map((b: { status: string }) => b.status)).toEqual(["cancelled"]);
  });
});
