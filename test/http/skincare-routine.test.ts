import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient, newProvider, newRoom, newService, unique } from "../factories.js";
import { type Actor, expectProblem, newActor, patientActor, testApp } from "./harness.js";

/** The harness clock stands at Wednesday 2030-01-02; the clinic is in New York. */
const ZONE = "America/New_York";

describeEachDatabase("skin type and the skincare routine over HTTP", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;
  let admin: Actor;
  let provider: Actor;
  let frontDesk: Actor;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store, { timeZone: ZONE });
    await newProvider(db.store, clinic.id, { name: "Dr. Ames", skills: ["microneedling"] });
    await newRoom(db.store, clinic.id);
    await newService(db.store, clinic.id, { code: "microneedling", durationMinutes: 60, needsRoom: true });
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    provider = await newActor(db.store, { clinicId: clinic.id, role: "provider" });
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
  });
  afterAll(() => app.close());

  const send = (
    method: "GET" | "POST" | "PATCH" | "PUT",
    url: string,
    actor: Actor,
    payload?: Record<string, unknown>,
  ) => app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) });
  const products = (rest = "") => `/api/v1/clinics/${clinic.slug}/products${rest}`;

  async function addPatient(intake: Record<string, unknown>) {
    const row = await newPatient(db.store, clinic.id, { timeZone: ZONE });
    const actor = await patientActor(db.store, clinic, row);
    const saved = await send("PUT", `/api/v1/patients/${row.id}/intake`, actor, intake);
    expect(saved.statusCode, saved.body).toBe(200);
    return { id: row.id, actor, intake: saved.json() };
  }

  async function addProduct(name: string, kind: string): Promise<string> {
    const res = await send("POST", products(), admin, { name, kind });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  it("admins keep the product catalog; staff read it; each write bumps the setup and is audited", async () => {
    const name = unique("Tretinoin 0.05%");
    const id = await addProduct(name, "retinoid");
    expectProblem(await send("POST", products(), provider, { name: "X", kind: "retinoid" }), 403);
    expectProblem(await send("POST", products(), admin, { name: "X", kind: "retinol" }), 400);

    const listed = await send("GET", products(), frontDesk);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().products).toContainEqual(
      expect.objectContaining({ id, name, kind: "retinoid", active: true }),
    );

    const before = await db.store.db
      .selectFrom("clinic")
      .select("setup_revision")
      .where("id", "=", clinic.id)
      .executeTakeFirstOrThrow();
    const changed = await send("PATCH", products(`/${id}`), admin, { name: `${name} (old)`, active: false });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ id, name: `${name} (old)`, kind: "retinoid", active: false });
    const after = await db.store.db
      .selectFrom("clinic")
      .select("setup_revision")
      .where("id", "=", clinic.id)
      .executeTakeFirstOrThrow();
    expect(Number(after.setup_revision)).toBe(Number(before.setup_revision) + 1);
    expectProblem(await send("PATCH", products(`/${crypto.randomUUID()}`), admin, { name: "Y" }), 404);

    const audit = await listAuditEntries(db.store.db, { clinicId: clinic.id, limit: 500 });
    const actions = audit.filter((e) => e.detail.productId === id).map((e) => e.action);
    expect(actions.sort()).toEqual(["product.create", "product.update"]);
  });

  it("a provider assigns a routine; the patient reads it; a retired or unknown product is refused", async () => {
    const tretinoin = await addProduct(unique("Tretinoin cream"), "retinoid");
    const spf = await addProduct(unique("Mineral SPF 50"), "sunscreen");
    const retired = await addProduct(unique("Old peel pads"), "exfoliating_acid");
    await send("PATCH", products(`/${retired}`), admin, { active: false });
    const patient = await addPatient({ concerns: [{ code: "wrinkles", severity: "moderate" }] });
    const url = `/api/v1/patients/${patient.id}/routine`;
    const items = [
      { productId: tretinoin, times: ["evening"] },
      { productId: spf, times: ["morning"] },
      { kind: "moisturizer", times: ["morning", "evening"] },
    ];

    expectProblem(await send("PUT", url, frontDesk, { items }), 403);
    expectProblem(await send("PUT", url, patient.actor, { items }), 403);
    const empty = await send("GET", url, patient.actor);
    expect(empty.json()).toMatchObject({ items: [], assignedBy: null });

    const assigned = await send("PUT", url, provider, { items });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().assignedBy).toBe(provider.account.id);
    const read = await send("GET", url, patient.actor);
    expect(
      read
        .json()
        .items.map((i: { kind: string; pausedAroundSessions: boolean }) => [i.kind, i.pausedAroundSessions]),
    ).toEqual([
      ["retinoid", true],
      ["sunscreen", false],
      ["moisturizer", false],
    ]);

    const refused = expectProblem(
      await send("PUT", url, provider, { items: [{ productId: retired, times: ["evening"] }] }),
      400,
    );
    expect(JSON.stringify(refused)).toContain("is retired from the catalog");
    const unknown = expectProblem(
      await send("PUT", url, provider, { items: [{ productId: crypto.randomUUID(), times: ["evening"] }] }),
      400,
    );
    expect(JSON.stringify(unknown)).toContain("is not a product of the clinic's catalog");

    const audit = await listAuditEntries(db.store.db, { clinicId: clinic.id, limit: 500 });
    expect(audit.filter((e) => e.patientId === patient.id).map((e) => e.action)).toContain("routine.assign");
  });

  it("the timeline dates the routine's pauses around the booking, and they move when the booking moves", async () => {
    const tretinoin = await addProduct(unique("Tretinoin"), "retinoid");
    const patient = await addPatient({ concerns: [{ code: "wrinkles", severity: "moderate" }] });
    const assigned = await send("PUT", `/api/v1/patients/${patient.id}/routine`, provider, {
      items: [
        { productId: tretinoin, times: ["evening"] },
        { kind: "sunscreen", times: ["morning"] },
      ],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);

    const booked = await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: { ...frontDesk.headers, "idempotency-key": unique("key") },
      payload: { patientId: patient.id, service: "microneedling", startsAt: "2030-01-14T15:00:00Z" },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const bookingId: string = booked.json().id;

    const pausesOf = async () => {
      const res = await send("GET", `/api/v1/patients/${patient.id}/timeline`, patient.actor);
      expect(res.statusCode, res.body).toBe(200);
      const entries: { kind: string; productKind?: string }[] = res.json().entries;
      expect(entries.filter((e) => e.kind === "routine").map((e) => e.productKind)).toEqual([
        "retinoid",
        "sunscreen",
      ]);
      return entries.filter((e) => e.kind === "routine_pause");
    };
    // Retinoids: stopped 7 days before the session, back on day 14.
    expect(await pausesOf()).toEqual([
      expect.objectContaining({
        productKind: "retinoid",
        on: "2030-01-07",
        until: "2030-01-28",
        forBookingIds: [bookingId],
      }),
    ]);

    const moved = await app.inject({
      method: "PATCH",
      url: `/api/v1/bookings/${bookingId}`,
      headers: frontDesk.headers,
      payload: { startsAt: "2030-01-21T16:00:00Z" },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await pausesOf()).toEqual([
      expect.objectContaining({
        productKind: "retinoid",
        on: "2030-01-14",
        until: "2030-02-04",
        forBookingIds: [bookingId],
      }),
    ]);
  });

  it("a routine tretinoin that is also the intake's retinoid is one thing: one washout, one dated pause", async () => {
    const patient = await addPatient({
      concerns: [{ code: "wrinkles", severity: "moderate" }],
      medications: [{ code: "topical_retinoid", ongoing: true }],
    });
    const tretinoin = await addProduct(unique("Tretinoin"), "retinoid");
    await send("PUT", `/api/v1/patients/${patient.id}/routine`, provider, {
      items: [{ productId: tretinoin, times: ["evening"] }],
    });
    const booked = await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: { ...frontDesk.headers, "idempotency-key": unique("key") },
      payload: { patientId: patient.id, service: "microneedling", startsAt: "2030-01-15T15:00:00Z" },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const res = await send("GET", `/api/v1/patients/${patient.id}/timeline`, patient.actor);
    const entries: { kind: string; code?: string; on?: string }[] = res.json().entries;
    expect(entries.filter((e) => e.code?.endsWith("topical_retinoid"))).toEqual([]);
    expect(entries.filter((e) => e.kind === "routine_pause")).toEqual([
      expect.objectContaining({ productKind: "retinoid", on: "2030-01-08", until: "2030-01-29" }),
    ]);
  });

  it("a routine retinoid alone gates bookings like the intake's: no session before its washout", async () => {
    const patient = await addPatient({ concerns: [{ code: "wrinkles", severity: "moderate" }] });
    await send("PUT", `/api/v1/patients/${patient.id}/routine`, provider, {
      items: [{ kind: "retinoid", times: ["evening"] }],
    });
    const tooSoon = await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: { ...frontDesk.headers, "idempotency-key": unique("key") },
      payload: { patientId: patient.id, service: "microneedling", startsAt: "2030-01-07T15:00:00Z" },
    });
    // Stopping today (2 January), the 7-day retinoid washout ends on 9 January.
    expect(expectProblem(tooSoon, 422, "washout_not_finished").until).toBe("2030-01-09");
  });

  it("the plan over HTTP dates the assigned routine's pauses around every planned session, and accepting keeps them", async () => {
    const patient = await addPatient({ concerns: [{ code: "acne_scars", severity: "moderate" }] });
    const name = unique("Glycolic toner");
    const acid = await addProduct(name, "exfoliating_acid");
    await send("PUT", `/api/v1/patients/${patient.id}/routine`, provider, {
      items: [{ productId: acid, times: ["evening"] }],
    });
    const plan = await send("POST", `/api/v1/patients/${patient.id}/plans`, patient.actor, {
      desiredStartOn: "2030-01-20",
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const sessions: { number: number; targetOn: string }[] = plan.json().sessions;
    expect(sessions).toHaveLength(3);
    const [entry] = plan.json().routine;
    expect(entry).toMatchObject({ name, kind: "exfoliating_acid", medication: "exfoliating_acid" });
    expect(entry.pauses.map((p: { sessions: number[] }) => p.sessions)).toEqual([[1], [2], [3]]);
    expect(entry.pauses[0]).toMatchObject({ stopOn: "2030-01-13", resumeOn: "2030-01-27" });

    const accepted = await send(
      "POST",
      `/api/v1/patients/${patient.id}/plans/${plan.json().id}/accept`,
      provider,
      {},
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().routine).toEqual(plan.json().routine);
  });

  it("skin type IV with RF needs a provider's review, which the provider can accept", async () => {
    const patient = await addPatient({
      concerns: [{ code: "loose_skin", severity: "moderate" }],
      skinType: "IV",
    });
    expect(patient.intake.intake.skinType).toBe("IV");
    const plan = await send("POST", `/api/v1/patients/${patient.id}/plans`, patient.actor, {
      addOns: ["rf"],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json().eligibility.status).toBe("needs_review");
    expect(plan.json().eligibility.reasons).toContainEqual(
      expect.objectContaining({ code: "skin_type_pih_risk", effect: "review", override: null }),
    );
    expect(plan.json().skinType).toMatchObject({ skinType: "IV", pihRisk: true });
    expect(plan.json().aftercare).toContainEqual(expect.objectContaining({ code: "strict_sun_protection" }));

    const accepted = await send(
      "POST",
      `/api/v1/patients/${patient.id}/plans/${plan.json().id}/accept`,
      provider,
      {
        overrides: [{ code: "skin_type_pih_risk", reason: "Test spot at 1.0 mm healed without marks." }],
      },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().eligibility.status).toBe("eligible");
  });
});
