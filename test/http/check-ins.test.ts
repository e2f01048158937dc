import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { Clinic, Patient, Provider, Service } from "../../src/domain/clinic/types.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { setBookingStatus } from "../../src/store/booking.repository.js";
import { listUnprocessedOutboxEvents } from "../../src/store/outbox.repository.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT, newBooking, newClinic, newPatient, newProvider, newService } from "../factories.js";
import { type Actor, expectProblem, movableClock, newActor, patientActor, testApp } from "./harness.js";

/** A session that ended at 11:00 New York on Monday 2029-12-03 (16:00 UTC). */
const SESSION_START = "2029-12-03T15:00:00Z";
const SESSION_END = "2029-12-03T16:00:00Z";
const hoursAfter = (hours: number) => new Date(Date.parse(SESSION_END) + hours * 3_600_000).toISOString();

const CALM = {
  redness: 1,
  swelling: "none",
  warmthOrPus: false,
  fever: false,
  newBumps: false,
  painNotRelievedByAcetaminophen: false,
  coldSore: false,
  satisfaction: 8,
};

describeEachDatabase("check-ins and the alerts inbox over HTTP", (db) => {
  const clock = movableClock();
  let app: FastifyInstance;
  let clinic: Clinic;
  let provider: Provider;
  let service: Service;
  let consultationService: Service;
  let providerActor: Actor;
  let frontDesk: Actor;
  let admin: Actor;

  beforeAll(async () => {
    app = testApp(db.store, { clock });
    await app.ready();
    clinic = await newClinic(db.store, { timeZone: "America/New_York" });
    provider = await newProvider(db.store, clinic.id, { skills: ["microneedling"] });
    service = await newService(db.store, clinic.id, { code: "microneedling", durationMinutes: 60 });
    consultationService = await newService(db.store, clinic.id, {
      code: "consultation",
      durationMinutes: 60,
      isTreatment: false,
    });
    providerActor = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      providerId: provider.id,
    });
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
  });
  afterAll(() => app.close());
  beforeEach(() => clock.set(hoursAfter(24 * 3 + 2)));

  const send = (method: "GET" | "PUT" | "POST", url: string, actor: Actor, payload?: object) =>
    app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });

  /** A patient (in London) with one completed session, and their account. */
  async function completedSession(status: "completed" | "booked" = "completed", of = service) {
    const patient: Patient = await newPatient(db.store, clinic.id, { timeZone: "Europe/London" });
    const actor = await patientActor(db.store, clinic, patient);
    // A provider of their own, so that sessions at the same hour never overlap.
    const theirProvider = await newProvider(db.store, clinic.id, { skills: ["microneedling"] });
    const booking = await newBooking(
      db.store,
      { clinicId: clinic.id, patientId: patient.id, serviceId: of.id, providerId: theirProvider.id },
      { startsAt: SESSION_START, endsAt: SESSION_END },
    );
    if (status === "completed")
      await setBookingStatus(db.store.db, clinic.id, booking.id, "completed", { updatedAt: CREATED_AT });
    const url = `/api/v1/bookings/${booking.id}/check-ins`;
    return { patient, actor, bookingId: booking.id, url };
  }

  async function alertEventsFor(bookingId: string) {
    const events = await listUnprocessedOutboxEvents(db.store.db, { clinicId: clinic.id, limit: 10_000 });
    return events.filter((e) => e.type === "alert.raised" && e.payload.bookingId === bookingId);
  }

  it("lists the three check-ins, dated in the patient's zone, opening as the days come", async () => {
    const { actor, url } = await completedSession();
    const res = await send("GET", url, actor);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      timeZone: "Europe/London",
      checkIns: [
        { day: 3, opensOn: "2029-12-06", status: "open", answers: null },
        { day: 14, opensOn: "2029-12-17", status: "not_yet_open", answers: null },
        { day: 60, opensOn: "2030-02-01", status: "not_yet_open", answers: null },
      ],
    });
    // Staff of the clinic read them too, and their read is audited.
    const before = await listAuditEntries(db.store.db, { clinicId: clinic.id, limit: 1000 });
    expect((await send("GET", url, frontDesk)).statusCode).toBe(200);
    const after = await listAuditEntries(db.store.db, { clinicId: clinic.id, limit: 1000 });
    expect(after.length).toBe(before.length + 1);
  });

  it("exist only for a completed treatment session", async () => {
    const { actor, url } = await completedSession("booked");
    expectProblem(await send("GET", url, actor), 409, "invalid_state");
    expectProblem(await send("PUT", `${url}/3`, actor, CALM), 409, "invalid_state");

    const consultation = await completedSession("completed", consultationService);
    expectProblem(await send("GET", consultation.url, consultation.actor), 409, "invalid_state");
    expectProblem(await send("PUT", `${consultation.url}/3`, consultation.actor, CALM), 409, "invalid_state");
  });

  it("answers within the expected course raise nothing; a check-in is answered once", async () => {
    const { actor, url, bookingId, patient } = await completedSession();
    const res = await send("PUT", `${url}/3`, actor, {
      ...CALM,
      redness: 2,
      swelling: "mild",
      note: "Pink.",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ day: 3, status: "answered", clinicAlerted: false });
    expect(await alertEventsFor(bookingId)).toEqual([]);
    const chart = await send("GET", `/api/v1/patients/${patient.id}/alerts`, providerActor);
    expect(chart.json().alerts).toEqual([]);

    expectProblem(await send("PUT", `${url}/3`, actor, CALM), 409, "conflict");
    const listed = (await send("GET", url, actor)).json();
    expect(listed.checkIns[0]).toMatchObject({ status: "answered", answers: { redness: 2, note: "Pink." } });
    // The patient's own write is audited.
    const audit = await listAuditEntries(db.store.db, {
      clinicId: clinic.id,
      patientId: patient.id,
      limit: 100,
    });
    expect(audit.map((e) => e.action)).toContain("check_in.answer");
  });

  it("two answers racing for one check-in: one is stored, with one alert; the other is a conflict", async () => {
    const { actor, url, bookingId } = await completedSession();
    const answers = { ...CALM, fever: true };
    const results = await Promise.all([1, 2, 3].map(() => send("PUT", `${url}/3`, actor, answers)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    expect(await alertEventsFor(bookingId)).toHaveLength(1);
  });

  it("only the patient who owns the booking answers; staff and other patients may not", async () => {
    const { url } = await completedSession();
    const other = await completedSession();
    expectProblem(await send("PUT", `${url}/3`, other.actor, CALM), 404);
    expectProblem(await send("PUT", `${url}/3`, providerActor, CALM), 403);
    expectProblem(await send("GET", url, other.actor), 404);
  });

  it("refuses a check-in before its day, and bad answers naming the field", async () => {
    const { actor, url } = await completedSession();
    const early = expectProblem(await send("PUT", `${url}/14`, actor, CALM), 409, "invalid_state");
    expect(early.detail).toContain("2029-12-17");
    const bad = expectProblem(await send("PUT", `${url}/3`, actor, { ...CALM, redness: 5 }), 400);
    expect(bad.errors?.map((e) => e.path)).toContain("redness");
    const badDay = expectProblem(await send("PUT", `${url}/7`, actor, CALM), 400);
    expect(badDay.errors?.map((e) => e.path)).toContain("day");
  });

  it("redness that has not faded at day 14 raises an alert, an outbox event, and lands in the inbox", async () => {
    const { actor, url, bookingId, patient } = await completedSession();
    clock.set(hoursAfter(24 * 14 + 1));
    const res = await send("PUT", `${url}/14`, actor, { ...CALM, redness: 2 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().clinicAlerted).toBe(true);

    const events = await alertEventsFor(bookingId);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({
      patientId: patient.id,
      bookingId,
      codes: ["redness_lasting"],
      summary: "Redness that has not faded.",
    });
    const alertId = events[0]?.payload.alertId as string;

    const inbox = await send("GET", `/api/v1/clinics/${clinic.slug}/alerts`, providerActor);
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect(inbox.json().alerts).toContainEqual(
      expect.objectContaining({
        id: alertId,
        patientId: patient.id,
        patientName: patient.name,
        codes: ["redness_lasting"],
        severity: "attention",
        checkInDay: 14,
        acknowledgedAt: null,
      }),
    );
    expectProblem(await send("GET", `/api/v1/clinics/${clinic.slug}/alerts`, frontDesk), 403);

    clock.set(hoursAfter(24 * 14 + 3));
    const ack = await send(
      "POST",
      `/api/v1/clinics/${clinic.slug}/alerts/${alertId}/acknowledge`,
      providerActor,
    );
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      acknowledgedAt: hoursAfter(24 * 14 + 3).replace(".000Z", "Z"),
      acknowledgedBy: providerActor.account.id,
      responseMinutes: 120,
    });
    // A later acknowledgement keeps the first responder and time.
    clock.set(hoursAfter(24 * 15));
    const again = await send("POST", `/api/v1/clinics/${clinic.slug}/alerts/${alertId}/acknowledge`, admin);
    expect(again.json()).toMatchObject({ acknowledgedBy: providerActor.account.id });

    const open = (await send("GET", `/api/v1/clinics/${clinic.slug}/alerts?status=open`, admin)).json();
    expect(open.alerts.map((a: { id: string }) => a.id)).not.toContain(alertId);
    const all = (await send("GET", `/api/v1/clinics/${clinic.slug}/alerts?status=all`, admin)).json();
    expect(all.alerts.map((a: { id: string }) => a.id)).toContain(alertId);

    const chart = await send("GET", `/api/v1/patients/${patient.id}/alerts`, admin);
    expect(chart.json().alerts.map((a: { id: string }) => a.id)).toEqual([alertId]);
  });

  it("fever at day 3 is urgent; redness worse at day 14 than at day 3 is flagged as worsening", async () => {
    const feverish = await completedSession();
    await send("PUT", `${feverish.url}/3`, feverish.actor, { ...CALM, fever: true });
    expect((await alertEventsFor(feverish.bookingId))[0]?.payload).toMatchObject({
      codes: ["infection_signs"],
      severity: "urgent",
    });

    const worse = await completedSession();
    expect((await send("PUT", `${worse.url}/3`, worse.actor, { ...CALM, redness: 0 })).statusCode).toBe(200);
    clock.set(hoursAfter(24 * 14));
    const res = await send("PUT", `${worse.url}/14`, worse.actor, { ...CALM, redness: 1 });
    expect(res.json().clinicAlerted).toBe(true);
    expect((await alertEventsFor(worse.bookingId))[0]?.payload.codes).toEqual(["redness_worsening"]);
  });

  it("pages the inbox", async () => {
    for (let i = 0; i < 3; i++) {
      const s = await completedSession();
      await send("PUT", `${s.url}/3`, s.actor, { ...CALM, coldSore: true });
    }
    const first = (
      await send("GET", `/api/v1/clinics/${clinic.slug}/alerts?status=all&limit=2`, admin)
    ).json();
    expect(first.alerts).toHaveLength(2);
    expect(first.nextOffset).toBe(2);
    const rest = (
      await send("GET", `/api/v1/clinics/${clinic.slug}/alerts?status=all&limit=2&offset=2`, admin)
    ).json();
    const ids = [...first.alerts, ...rest.alerts].map((a: { id: string }) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expectProblem(await send("GET", `/api/v1/clinics/${clinic.slug}/alerts?status=closed`, admin), 400);
  });
});
