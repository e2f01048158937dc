import type { FastifyInstance } from "fastify";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Patient } from "../../src/domain/clinic/types.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { insertBooking, setBookingStatus } from "../../src/store/booking.repository.js";
import { insertSignedConsent } from "../../src/store/consent.repository.js";
import { saveIntake } from "../../src/store/intake.repository.js";
import { addHoursException } from "../../src/store/provider.repository.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT, newClinic, newPatient, newProvider, newRoom, newService } from "../factories.js";
import {
  type Actor,
  expectProblem,
  movableClock,
  newActor,
  patientActor,
  TEST_NOW,
  testApp,
} from "./harness.js";

/** The clock says Wednesday 2030-01-02, 10:00 in New York. */
const ZONE = "America/New_York";
const PLAIN = {
  concerns: [{ code: "fine_lines" as const, severity: "mild" as const }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};
const ACNE = { ...PLAIN, conditions: ["active_acne" as const] };
/** An ongoing topical retinoid: a 7-day washout in the default protocol, counted from today at the earliest. */
const RETINOID = { ...PLAIN, medications: [{ code: "topical_retinoid" as const, ongoing: true as const }] };

describeEachDatabase("staff work queues over HTTP", (db) => {
  let app: FastifyInstance;
  const clock = movableClock();

  beforeAll(async () => {
    app = testApp(db.store, { clock });
    await app.ready();
  });
  afterAll(() => app.close());

  /** A New York clinic: one provider (Mon–Fri 09:00–17:00), a room, microneedling and a consultation. */
  async function newQueueClinic() {
    clock.set(TEST_NOW);
    const clinic = await newClinic(db.store, { timeZone: ZONE });
    const providerRow = await newProvider(db.store, clinic.id, { skills: ["microneedling", "consultation"] });
    await newRoom(db.store, clinic.id);
    const treatment = await newService(db.store, clinic.id, { code: "microneedling", needsRoom: true });
    const consultation = await newService(db.store, clinic.id, {
      code: "consultation",
      durationMinutes: 30,
      isTreatment: false,
    });
    const staff = (role: "front_desk" | "provider" | "admin") =>
      newActor(db.store, {
        clinicId: clinic.id,
        role,
        ...(role === "provider" && { providerId: providerRow.id }),
      });
    return {
      clinic,
      providerRow,
      treatment,
      consultation,
      frontDesk: await staff("front_desk"),
      provider: await staff("provider"),
      admin: await staff("admin"),
      url: (rest: string) => `/api/v1/clinics/${clinic.slug}${rest}`,
    };
  }
  type QueueClinic = Awaited<ReturnType<typeof newQueueClinic>>;

  const send = (method: "GET" | "PUT" | "POST" | "DELETE", url: string, actor: Actor, payload?: object) =>
    app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });

  async function bookDirectly(c: QueueClinic, patient: Patient, serviceId: string, startsAt: string) {
    return insertBooking(db.store.db, {
      clinicId: c.clinic.id,
      patientId: patient.id,
      serviceId,
      providerId: c.providerRow.id,
      startsAt,
      endsAt: Temporal.Instant.from(startsAt).add({ minutes: 60 }).toString(),
      createdAt: CREATED_AT,
    });
  }

  async function acceptedPlanFor(c: QueueClinic, patient: Patient) {
    await saveIntake(db.store.db, patient.id, PLAIN, CREATED_AT);
    const draft = await send("POST", `/api/v1/patients/${patient.id}/plans`, c.provider, {});
    expect(draft.statusCode, draft.body).toBe(201);
    const accepted = await send(
      "POST",
      `/api/v1/patients/${patient.id}/plans/${draft.json().id}/accept`,
      c.provider,
      { overrides: [] },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
  }

  it("a treatment needs an intake on file (intake_missing); a consultation never does", async () => {
    const c = await newQueueClinic();
    const row = await newPatient(db.store, c.clinic.id, { timeZone: ZONE });
    const patient = await patientActor(db.store, c.clinic, row);
    const slots = await send(
      "GET",
      c.url("/slots?service=microneedling&from=2030-01-07T00:00:00Z&to=2030-01-09T00:00:00Z"),
      patient,
    );
    expect(slots.statusCode, slots.body).toBe(200);
    expect(slots.json()).toMatchObject({ slots: [], refusal: { code: "intake_missing" } });
    const treatment = await send("POST", "/api/v1/bookings", patient, {
      patientId: row.id,
      service: "microneedling",
      startsAt: "2030-01-07T15:00:00Z",
    });
    expectProblem(treatment, 422, "intake_missing");

    const consultSlots = await send(
      "GET",
      c.url("/slots?service=consultation&from=2030-01-07T00:00:00Z&to=2030-01-09T00:00:00Z"),
      patient,
    );
    expect(consultSlots.json().refusal).toBeNull();
    const consultation = await send("POST", "/api/v1/bookings", patient, {
      patientId: row.id,
      service: "consultation",
      startsAt: "2030-01-07T15:00:00Z",
    });
    expect(consultation.statusCode, consultation.body).toBe(201);
  });

  it("the readiness board lists bookings with a problem first, soonest first, each with its reasons", async () => {
    const c = await newQueueClinic();
    const patient = () => newPatient(db.store, c.clinic.id, { timeZone: ZONE });
    const [retinoid, noIntake, consult, ready, acne, later] = await Promise.all([
      patient(),
      patient(),
      patient(),
      patient(),
      patient(),
      patient(),
    ]);
    await saveIntake(db.store.db, retinoid.id, RETINOID, CREATED_AT);
    await saveIntake(db.store.db, acne.id, ACNE, CREATED_AT);
    await saveIntake(db.store.db, later.id, PLAIN, CREATED_AT);
    await acceptedPlanFor(c, ready);
    // Consent has its own board test (clinical-consent.test.ts): here every patient has signed.
    for (const p of [retinoid, noIntake, consult, ready, acne, later])
      await insertSignedConsent(db.store.db, {
        clinicId: c.clinic.id,
        patientId: p.id,
        kind: "microneedling",
        templateVersion: 1,
        typedName: p.name,
        signedAt: CREATED_AT,
        ip: "127.0.0.1",
        userAgent: null,
      });

    const t = c.treatment.id;
    const consultBooking = await bookDirectly(c, consult, c.consultation.id, "2030-01-03T15:00:00Z");
    const retinoidBooking = await bookDirectly(c, retinoid, t, "2030-01-04T15:00:00Z");
    const noIntakeBooking = await bookDirectly(c, noIntake, t, "2030-01-07T15:00:00Z");
    const acneBooking = await bookDirectly(c, acne, t, "2030-01-08T15:00:00Z");
    const readyBooking = await bookDirectly(c, ready, t, "2030-01-08T18:00:00Z");
    // Past the seventh clinic day (2030-01-08 in New York) and so off a 7-day board.
    const laterBooking = await bookDirectly(c, later, t, "2030-01-10T15:00:00Z");
    const cancelled = await bookDirectly(c, noIntake, c.consultation.id, "2030-01-03T17:00:00Z");
    await setBookingStatus(db.store.db, c.clinic.id, cancelled.id, "cancelled", {
      updatedAt: CREATED_AT,
    });

    const board = await send("GET", c.url("/readiness?days=7"), c.frontDesk);
    expect(board.statusCode, board.body).toBe(200);
    const items = board.json().items as { bookingId: string; problems: { code: string }[] }[];
    expect(items.map((i) => i.bookingId)).toEqual([
      retinoidBooking.id,
      noIntakeBooking.id,
      acneBooking.id,
      consultBooking.id,
      readyBooking.id,
    ]);
    const byId = new Map(items.map((i) => [i.bookingId, i]));
    expect(byId.get(retinoidBooking.id)).toMatchObject({
      patientName: retinoid.name,
      service: "microneedling",
      localStartsAt: "2030-01-04T10:00:00-05:00",
      problems: [
        { code: "washout_not_finished", until: "2030-01-09", reasons: ["topical_retinoid"] },
        { code: "no_accepted_plan" },
      ],
    });
    expect(byId.get(noIntakeBooking.id)?.problems.map((p) => p.code)).toEqual([
      "intake_missing",
      "no_accepted_plan",
    ]);
    expect(byId.get(acneBooking.id)?.problems).toEqual([
      expect.objectContaining({ code: "plan_needs_review", reasons: ["active_acne"] }),
      expect.objectContaining({ code: "no_accepted_plan" }),
    ]);
    expect(byId.get(consultBooking.id)?.problems).toEqual([]);
    expect(byId.get(readyBooking.id)?.problems).toEqual([]);

    const onlyProblems = await send("GET", c.url("/readiness?days=10&onlyProblems=true"), c.provider);
    expect(onlyProblems.statusCode, onlyProblems.body).toBe(200);
    expect(onlyProblems.json().items.map((i: { bookingId: string }) => i.bookingId)).toEqual([
      retinoidBooking.id,
      noIntakeBooking.id,
      acneBooking.id,
      laterBooking.id,
    ]);
    expectProblem(await send("GET", c.url("/readiness?days=32"), c.admin), 400, "invalid_input");

    const audit = await listAuditEntries(db.store.db, { clinicId: c.clinic.id, limit: 100 });
    const read = audit.find((e) => e.action === "readiness.read" && e.actorId === c.frontDesk.account.id);
    expect(read?.detail.patientIds).toEqual([retinoid.id, noIntake.id, consult.id, ready.id, acne.id].sort());
  });

  it("staff list the waitlist by service, window and status; patients see and leave their own; offers say when", async () => {
    const c = await newQueueClinic();
    const rows = await Promise.all(
      [1, 2, 3].map(() => newPatient(db.store, c.clinic.id, { timeZone: ZONE })),
    );
    const [ann, bob, cat] = rows as [Patient, Patient, Patient];
    for (const p of rows) await saveIntake(db.store.db, p.id, PLAIN, CREATED_AT);
    const annActor = await patientActor(db.store, c.clinic, ann);
    const bobActor = await patientActor(db.store, c.clinic, bob);
    const join = async (actor: Actor, patientId: string, service: string, from: string, to: string) => {
      const res = await send("POST", "/api/v1/waitlist", actor, { patientId, service, from, to });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    const annConsult = await join(
      annActor,
      ann.id,
      "consultation",
      "2030-01-07T14:00:00Z",
      "2030-01-07T22:00:00Z",
    );
    clock.advance(1);
    const bobTreatment = await join(
      bobActor,
      bob.id,
      "microneedling",
      "2030-01-14T14:00:00Z",
      "2030-01-15T22:00:00Z",
    );
    clock.advance(1);
    const annTreatment = await join(
      annActor,
      ann.id,
      "microneedling",
      "2030-01-21T14:00:00Z",
      "2030-01-22T22:00:00Z",
    );

    const list = async (query: string) => {
      const res = await send("GET", c.url(`/waitlist${query}`), c.frontDesk);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { entries: { id: string; patientName: string }[]; total: number };
    };
    expect((await list("")).entries.map((e) => e.id)).toEqual([
      annConsult.id,
      bobTreatment.id,
      annTreatment.id,
    ]);
    expect((await list("?service=microneedling")).entries.map((e) => e.id)).toEqual([
      bobTreatment.id,
      annTreatment.id,
    ]);
    const window = await list("?from=2030-01-15T00:00:00Z&to=2030-01-21T15:00:00Z");
    expect(window.entries.map((e) => e.id)).toEqual([bobTreatment.id, annTreatment.id]);
    expect(window.entries[0]?.patientName).toBe(bob.name);
    const page = await list("?limit=1&offset=1");
    expect(page).toMatchObject({ total: 3, entries: [{ id: bobTreatment.id }] });

    // Ann sees only her own entries, newest first; Bob cannot reach hers.
    const own = await send("GET", `/api/v1/patients/${ann.id}/waitlist`, annActor);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().entries.map((e: { id: string }) => e.id)).toEqual([annTreatment.id, annConsult.id]);
    expectProblem(await send("GET", `/api/v1/patients/${ann.id}/waitlist`, bobActor), 404, "not_found");
    expectProblem(await send("DELETE", `/api/v1/waitlist/${annTreatment.id}`, bobActor), 404, "not_found");

    clock.advance(5);
    const left = await send("DELETE", `/api/v1/waitlist/${annTreatment.id}`, annActor);
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ status: "closed", closedAt: clock.now().toString(), offer: null });
    expectProblem(
      await send("DELETE", `/api/v1/waitlist/${annTreatment.id}`, annActor),
      409,
      "invalid_state",
    );
    expect((await list("?status=closed")).entries.map((e) => e.id)).toEqual([annTreatment.id]);
    expect((await list("?status=waiting")).entries.map((e) => e.id)).toEqual([
      annConsult.id,
      bobTreatment.id,
    ]);

    // A cancellation in Ann's window is offered to her: her list says which slot, and when.
    const booked = await send("POST", "/api/v1/bookings", c.frontDesk, {
      patientId: cat.id,
      service: "consultation",
      startsAt: "2030-01-07T16:00:00Z",
    });
    expect(booked.statusCode, booked.body).toBe(201);
    clock.advance(5);
    const offeredAt = clock.now().toString();
    const cancelled = await send("POST", `/api/v1/bookings/${booked.json().id}/cancel`, c.frontDesk, {});
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().offeredToWaitlist).toBe(true);
    const offered = await send("GET", `/api/v1/patients/${ann.id}/waitlist`, annActor);
    expect(offered.json().entries.find((e: { id: string }) => e.id === annConsult.id)).toMatchObject({
      status: "offered",
      offer: { startsAt: "2030-01-07T16:00:00Z", endsAt: "2030-01-07T16:30:00Z", offeredAt },
      closedAt: null,
    });
  });

  it("the provider review queue holds current drafts awaiting review, oldest first, with reasons", async () => {
    const c = await newQueueClinic();
    const rows = await Promise.all(
      [1, 2, 3, 4].map(() => newPatient(db.store, c.clinic.id, { timeZone: ZONE })),
    );
    const [older, newer, plain, overridden] = rows as [Patient, Patient, Patient, Patient];
    for (const p of [older, newer, overridden]) await saveIntake(db.store.db, p.id, ACNE, CREATED_AT);
    await saveIntake(db.store.db, plain.id, PLAIN, CREATED_AT);
    const draft = async (p: Patient) => {
      clock.advance(1);
      const res = await send("POST", `/api/v1/patients/${p.id}/plans`, c.frontDesk, {});
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const overriddenDraft = await draft(overridden);
    const olderDraft = await draft(older);
    await draft(plain);
    const newerDraft = await draft(newer);
    const accepted = await send(
      "POST",
      `/api/v1/patients/${overridden.id}/plans/${overriddenDraft}/accept`,
      c.provider,
      { overrides: [{ code: "active_acne", reason: "Mild; checked in person." }] },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);

    const queue = await send("GET", c.url("/review-queue"), c.provider);
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json()).toMatchObject({
      total: 2,
      items: [
        { planId: olderDraft, patientId: older.id, patientName: older.name },
        { planId: newerDraft, patientId: newer.id },
      ],
    });
    expect(queue.json().items[0].reasons).toEqual([expect.objectContaining({ code: "active_acne" })]);
    expectProblem(await send("GET", c.url("/review-queue"), c.frontDesk), 403, "forbidden");
    const second = await send("GET", c.url("/review-queue?limit=1&offset=1"), c.admin);
    expect(second.json()).toMatchObject({ total: 2, items: [{ planId: newerDraft }] });
  });

  it("the calendar shows a range of days with wall-clock times, time off, and cancelled bookings on request", async () => {
    const c = await newQueueClinic();
    const row = await newPatient(db.store, c.clinic.id, { timeZone: ZONE });
    const c1 = c.consultation.id;
    const monday = await bookDirectly(c, row, c1, "2030-01-07T15:00:00Z");
    const wednesday = await bookDirectly(c, row, c1, "2030-01-09T21:30:00Z");
    await bookDirectly(c, row, c1, "2030-01-10T15:00:00Z");
    const cancelled = await bookDirectly(c, row, c1, "2030-01-08T15:00:00Z");
    await setBookingStatus(db.store.db, c.clinic.id, cancelled.id, "cancelled", {
      updatedAt: CREATED_AT,
    });
    const timeOff = await addHoursException(db.store.db, {
      clinicId: c.clinic.id,
      providerId: c.providerRow.id,
      kind: "time_off",
      startsAt: "2030-01-08T17:00:00Z",
      endsAt: "2030-01-08T22:00:00Z",
      note: "Dentist",
    });

    const range = await send("GET", c.url("/calendar?from=2030-01-07&to=2030-01-09"), c.frontDesk);
    expect(range.statusCode, range.body).toBe(200);
    const body = range.json();
    expect(body).toMatchObject({ from: "2030-01-07", to: "2030-01-09", timeZone: ZONE, closures: [] });
    const [column] = body.providers;
    expect(column.appointments).toEqual([
      expect.objectContaining({
        bookingId: monday.id,
        startsAt: "2030-01-07T15:00:00Z",
        localStartsAt: "2030-01-07T10:00:00-05:00",
        localEndsAt: "2030-01-07T11:00:00-05:00",
      }),
      expect.objectContaining({ bookingId: wednesday.id, localStartsAt: "2030-01-09T16:30:00-05:00" }),
    ]);
    expect(column.timeOff).toEqual([
      {
        id: timeOff.id,
        startsAt: "2030-01-08T17:00:00Z",
        endsAt: "2030-01-08T22:00:00Z",
        localStartsAt: "2030-01-08T12:00:00-05:00",
        localEndsAt: "2030-01-08T17:00:00-05:00",
        note: "Dentist",
      },
    ]);

    const withCancelled = await send(
      "GET",
      c.url("/calendar?from=2030-01-07&to=2030-01-09&includeCancelled=true"),
      c.frontDesk,
    );
    expect(
      withCancelled.json().providers[0].appointments.map((a: { bookingId: string }) => a.bookingId),
    ).toEqual([monday.id, cancelled.id, wednesday.id]);

    const day = await send("GET", c.url("/calendar?date=2030-01-07"), c.provider);
    expect(day.statusCode, day.body).toBe(200);
    expect(day.json()).toMatchObject({ date: "2030-01-07", from: "2030-01-07", to: "2030-01-07" });
    expect(day.json().providers[0].appointments.map((a: { bookingId: string }) => a.bookingId)).toEqual([
      monday.id,
    ]);

    const fortnight = await send("GET", c.url("/calendar?from=2030-01-01&to=2030-01-14"), c.admin);
    expect(fortnight.statusCode, fortnight.body).toBe(200);

    // A closure shows beside the days it holds, named as the closures routes name it.
    const closure = await send("POST", c.url("/closures"), c.admin, {
      firstDay: "2030-01-01",
      lastDay: "2030-01-01",
      note: "New Year's Day",
    });
    expect(closure.statusCode, closure.body).toBe(201);
    const withClosure = await send("GET", c.url("/calendar?from=2030-01-01&to=2030-01-03"), c.frontDesk);
    expect(withClosure.json().closures).toEqual([
      { id: closure.json().id, firstDay: "2030-01-01", lastDay: "2030-01-01", note: "New Year's Day" },
    ]);
    expect((await send("GET", c.url("/calendar?date=2030-01-02"), c.frontDesk)).json().closures).toEqual([]);
    const tooLong = expectProblem(
      await send("GET", c.url("/calendar?from=2030-01-01&to=2030-01-15"), c.admin),
      400,
      "invalid_input",
    );
    expect(tooLong.errors).toEqual([expect.objectContaining({ path: "to" })]);
    expectProblem(
      await send("GET", c.url("/calendar?from=2030-01-09&to=2030-01-08"), c.admin),
      400,
      "invalid_input",
    );
    expectProblem(await send("GET", c.url("/calendar"), c.admin), 400, "invalid_input");
  });

  it("patient search matches phone digits whatever the formatting, and 'Last, First'", async () => {
    const c = await newQueueClinic();
    const ana = await newPatient(db.store, c.clinic.id, {
      name: "Ana María López",
      phone: "+1 (555) 010-4477",
    });
    const other = await newPatient(db.store, c.clinic.id, { name: "Lopez Ana", phone: "555.020.9911" });
    const search = async (q: string) => {
      const res = await send("GET", c.url(`/patients?q=${encodeURIComponent(q)}`), c.frontDesk);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().patients as { id: string }[]).map((p) => p.id);
    };
    expect(await search("555-010-4477")).toEqual([ana.id]);
    expect(await search("5550104477")).toEqual([ana.id]);
    expect(await search("(555) 010 4477")).toEqual([ana.id]);
    expect(await search("0209911")).toEqual([other.id]);
    expect(await search("López, Ana")).toEqual([ana.id]);
    expect(await search("lópez,ana maría")).toEqual([ana.id]);
    expect(await search("Ana María López")).toEqual([ana.id]);
    // Too few digits to be a phone number: not looked for in phones.
    expect(await search("555")).toEqual([]);
  });
});
