import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient, newProvider, newRoom, newService, unique } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, testApp } from "./harness.js";

/** The harness clock says Wednesday 2030-01-02, 10:00 in New York; 2030-01-07 is a Monday. */
const ZONE = "America/New_York";
const WRINKLES = { concerns: [{ code: "wrinkles", severity: "moderate" }] };
/** Monday 2030-01-07 and Tuesday 2030-01-08, 10:00 in New York. */
const MONDAY_10 = "2030-01-07T15:00:00Z";
const TUESDAY_10 = "2030-01-08T15:00:00Z";

describeEachDatabase("the protocol under edits and shared keys, over HTTP", (db) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
  });
  afterAll(() => app.close());

  /** A New York clinic with one provider (Mon–Fri 09:00–17:00), two rooms, a treatment and a consultation. */
  async function newBookableClinic() {
    const clinic = await newClinic(db.store, {
      timeZone: ZONE,
      policy: { minNoticeMinutes: 120, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 365 },
    });
    const providerRow = await newProvider(db.store, clinic.id, {
      name: "Dr. Ames",
      skills: ["microneedling", "consultation"],
    });
    await newRoom(db.store, clinic.id);
    await newRoom(db.store, clinic.id);
    await newService(db.store, clinic.id, { code: "microneedling", durationMinutes: 60, needsRoom: true });
    await newService(db.store, clinic.id, {
      code: "consultation",
      durationMinutes: 30,
      needsRoom: true,
      isTreatment: false,
    });
    const provider = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      name: "Dr. Ames",
      providerId: providerRow.id,
    });
    const frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    const admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    const addPatient = async () => {
      const row = await newPatient(db.store, clinic.id, { timeZone: ZONE });
      return { id: row.id, actor: await patientActor(db.store, clinic, row) };
    };
    const patient = await addPatient();
    return { clinic, provider, frontDesk, admin, patient, addPatient };
  }

  const send = (
    method: "GET" | "PUT" | "POST" | "PATCH",
    url: string,
    actor: Actor,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { ...actor.headers, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  const book = (actor: Actor, patientId: string, startsAt: string, service = "microneedling") =>
    send("POST", "/api/v1/bookings", actor, { patientId, service, startsAt });

  it("a washout below the default's minimum is saved with a warning in the answer; a shipped version id is refused", async () => {
    const c = await newBookableClinic();
    const shortened = await send("PUT", `/api/v1/clinics/${c.clinic.slug}/protocol`, c.admin, {
      version: unique("retinoid-3"),
      medications: { topical_retinoid: { days: 3 } },
    });
    expect(shortened.statusCode, shortened.body).toBe(201);
    expect(shortened.json().warnings).toEqual([
      expect.stringContaining("medications.topical_retinoid.days is 3"),
    ]);
    const reused = await send("PUT", `/api/v1/clinics/${c.clinic.slug}/protocol`, c.admin, {
      version: "regimen-default-2026.1",
    });
    const problem = expectProblem(reused, 400, "invalid_input");
    expect(problem.errors).toContainEqual(expect.objectContaining({ path: "version" }));
  });

  it("a series from a plan made before the clinic lengthened a washout is refused, like a single booking", async () => {
    const c = await newBookableClinic();
    const saved = await send("PUT", `/api/v1/patients/${c.patient.id}/intake`, c.patient.actor, {
      ...WRINKLES,
      medications: [{ code: "topical_retinoid", lastTakenOn: "2030-01-01" }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // Under the default protocol (7 days) the first session may be on 2030-01-08.
    const plan = await send("POST", `/api/v1/patients/${c.patient.id}/plans`, c.patient.actor, {});
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json().earliestStartOn).toBe("2030-01-08");

    const lengthened = await send("PUT", `/api/v1/clinics/${c.clinic.slug}/protocol`, c.admin, {
      version: unique("retinoid-14"),
      medications: { topical_retinoid: { days: 14 } },
    });
    expect(lengthened.statusCode, lengthened.body).toBe(201);

    expectProblem(await book(c.patient.actor, c.patient.id, TUESDAY_10), 422, "washout_not_finished");
    const series = await send("POST", "/api/v1/bookings/series", c.patient.actor, {
      patientId: c.patient.id,
      planId: plan.json().id,
      firstStartsAt: TUESDAY_10,
    });
    expect(expectProblem(series, 422, "washout_not_finished").until).toBe("2030-01-15");

    // From the new first day, the same plan books.
    const later = await send("POST", "/api/v1/bookings/series", c.patient.actor, {
      patientId: c.patient.id,
      planId: plan.json().id,
      firstStartsAt: "2030-01-15T15:00:00Z",
    });
    expect(later.statusCode, later.body).toBe(201);
  });

  it("an override lapses when the intake changes the facts it approved: the plan needs review again", async () => {
    const c = await newBookableClinic();
    const isotretinoin = (entry: Record<string, unknown>) => ({
      ...WRINKLES,
      medications: [{ code: "isotretinoin", ...entry }],
    });
    const intake = isotretinoin({ lastTakenOn: "2029-09-01" });
    const saved = await send("PUT", `/api/v1/patients/${c.patient.id}/intake`, c.patient.actor, intake);
    expect(saved.statusCode, saved.body).toBe(200);
    expectProblem(await book(c.patient.actor, c.patient.id, MONDAY_10), 422, "washout_not_finished");
    const draft = await send("POST", `/api/v1/patients/${c.patient.id}/plans`, c.patient.actor, {});
    const accepted = await send(
      "POST",
      `/api/v1/patients/${c.patient.id}/plans/${draft.json().id}/accept`,
      c.provider,
      { overrides: [{ code: "isotretinoin", reason: "Stopped in September; skin checked today." }] },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    const first = await book(c.patient.actor, c.patient.id, MONDAY_10);
    expect(first.statusCode, first.body).toBe(201);

    // A change elsewhere in the intake leaves the override standing.
    const reworded = await send("PUT", `/api/v1/patients/${c.patient.id}/intake`, c.patient.actor, {
      ...intake,
      concerns: [{ code: "wrinkles", severity: "severe" }],
    });
    expect(reworded.statusCode, reworded.body).toBe(200);
    const second = await book(c.patient.actor, c.patient.id, "2030-02-11T15:00:00Z");
    expect(second.statusCode, second.body).toBe(201);

    // "Still taking it": the provider approved a stop in September, not this.
    const changed = await send(
      "PUT",
      `/api/v1/patients/${c.patient.id}/intake`,
      c.patient.actor,
      isotretinoin({ ongoing: true }),
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const refused = expectProblem(
      await book(c.patient.actor, c.patient.id, "2030-03-18T15:00:00Z"),
      422,
      "needs_provider_review",
    );
    expect(refused.lapsedOverrides).toEqual(["isotretinoin"]);
    const slots = await send(
      "GET",
      `/api/v1/clinics/${c.clinic.slug}/slots?service=microneedling&from=2030-03-18T00:00:00Z&to=2030-03-20T00:00:00Z&patientId=${c.patient.id}`,
      c.patient.actor,
    );
    expect(slots.json()).toMatchObject({ slots: [], refusal: { code: "needs_provider_review" } });
  });

  it("removing a hard block needs a provider's confirmation before a treatment; consultations stay bookable", async () => {
    const c = await newBookableClinic();
    const pregnant = await send("PUT", `/api/v1/patients/${c.patient.id}/intake`, c.frontDesk, {
      ...WRINKLES,
      conditions: ["pregnancy"],
    });
    expect(pregnant.json()).toMatchObject({ version: 1, removed: [], awaitingConfirmation: false });
    expectProblem(await book(c.frontDesk, c.patient.id, MONDAY_10), 422, "contraindicated");

    const removed = await send("PUT", `/api/v1/patients/${c.patient.id}/intake`, c.frontDesk, WRINKLES);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({
      version: 2,
      removed: ["pregnancy"],
      awaitingConfirmation: true,
      confirmedAt: null,
    });
    const refused = expectProblem(
      await book(c.frontDesk, c.patient.id, MONDAY_10),
      422,
      "needs_provider_review",
    );
    expect(refused.detail).toContain("pregnancy");
    expect(refused.removed).toEqual(["pregnancy"]);
    const consultation = await book(c.frontDesk, c.patient.id, MONDAY_10, "consultation");
    expect(consultation.statusCode, consultation.body).toBe(201);

    // A later version that changes something else still awaits the confirmation.
    const another = await send("PUT", `/api/v1/patients/${c.patient.id}/intake`, c.patient.actor, {
      concerns: [{ code: "wrinkles", severity: "mild" }],
    });
    expect(another.json()).toMatchObject({ version: 3, removed: ["pregnancy"], awaitingConfirmation: true });
    expectProblem(await book(c.patient.actor, c.patient.id, TUESDAY_10), 422, "needs_provider_review");

    const confirm = (actor: Actor, version: number) =>
      send("POST", `/api/v1/patients/${c.patient.id}/intake/confirm`, actor, { version });
    expectProblem(await confirm(c.frontDesk, 3), 403, "forbidden");
    expectProblem(await confirm(c.patient.actor, 3), 403, "forbidden");
    expectProblem(await confirm(c.provider, 2), 409, "conflict");
    const confirmed = await confirm(c.provider, 3);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ version: 3, awaitingConfirmation: false });
    expectProblem(await confirm(c.provider, 3), 409, "invalid_state");

    const booked = await book(c.frontDesk, c.patient.id, TUESDAY_10);
    expect(booked.statusCode, booked.body).toBe(201);
    const audit = await listAuditEntries(db.store.db, {
      clinicId: c.clinic.id,
      patientId: c.patient.id,
      limit: 100,
    });
    const entry = audit.find((e) => e.action === "intake.confirm");
    expect(entry).toMatchObject({
      actorId: c.provider.account.id,
      detail: { version: 3, removed: ["pregnancy"], before: ["pregnancy"], after: [] },
    });
  });

  it("the patient removing a review reason waits for a provider too; a provider's own removal is its confirmation", async () => {
    const c = await newBookableClinic();
    const path = `/api/v1/patients/${c.patient.id}/intake`;
    await send("PUT", path, c.patient.actor, { ...WRINKLES, conditions: ["active_acne"] });
    const removed = await send("PUT", path, c.patient.actor, WRINKLES);
    expect(removed.json()).toMatchObject({ removed: ["active_acne"], awaitingConfirmation: true });
    const refused = expectProblem(
      await book(c.patient.actor, c.patient.id, MONDAY_10),
      422,
      "needs_provider_review",
    );
    expect(refused.reasons).toEqual(["intake_change_unconfirmed"]);

    // Listing it again and removing it as a provider needs no second step.
    await send("PUT", path, c.patient.actor, { ...WRINKLES, conditions: ["active_acne"] });
    const byProvider = await send("PUT", path, c.provider, WRINKLES);
    expect(byProvider.json()).toMatchObject({ removed: ["active_acne"], awaitingConfirmation: false });
    const booked = await book(c.patient.actor, c.patient.id, MONDAY_10);
    expect(booked.statusCode, booked.body).toBe(201);
  });

  it("an Idempotency-Key belongs to the account that sent it: another account's same key is its own", async () => {
    const c = await newBookableClinic();
    const other = await c.addPatient();
    for (const p of [c.patient, other]) {
      const saved = await send("PUT", `/api/v1/patients/${p.id}/intake`, p.actor, WRINKLES);
      expect(saved.statusCode, saved.body).toBe(200);
    }
    const key = { "idempotency-key": "shared-by-chance-1" };
    const request = (patientId: string, startsAt: string) => ({
      patientId,
      service: "microneedling",
      startsAt,
    });
    const byDesk = await send("POST", "/api/v1/bookings", c.frontDesk, request(c.patient.id, MONDAY_10), key);
    expect(byDesk.statusCode, byDesk.body).toBe(201);
    const byPatient = await send("POST", "/api/v1/bookings", other.actor, request(other.id, TUESDAY_10), key);
    expect(byPatient.statusCode, byPatient.body).toBe(201);
    expect(byPatient.headers["idempotent-replayed"]).toBe("false");
    expect(byPatient.json()).toMatchObject({ patientId: other.id, startsAt: TUESDAY_10 });
    // The front desk's own repeat replays its own answer.
    const repeat = await send("POST", "/api/v1/bookings", c.frontDesk, request(c.patient.id, MONDAY_10), key);
    expect(repeat.headers["idempotent-replayed"]).toBe("true");
    expect(repeat.json().id).toBe(byDesk.json().id);
  });
});
