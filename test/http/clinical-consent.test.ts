import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic, Patient, Provider, Service } from "../../src/domain/clinic/types.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { insertBooking } from "../../src/store/booking.repository.js";
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

describeEachDatabase("consent forms and signatures over HTTP", (db) => {
  let app: FastifyInstance;
  const clock = movableClock();
  let clinic: Clinic;
  let provider: Provider;
  let microneedling: Service;
  let prp: Service;
  let frontDesk: Actor;

  beforeAll(async () => {
    app = testApp(db.store, { clock });
    await app.ready();
    clinic = await newClinic(db.store, { timeZone: "America/New_York" });
    provider = await newProvider(db.store, clinic.id, { skills: ["microneedling", "microneedling_prp"] });
    await newRoom(db.store, clinic.id);
    microneedling = await newService(db.store, clinic.id, { code: "microneedling" });
    prp = await newService(db.store, clinic.id, { code: "microneedling_prp", addOn: "prp" });
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
  });
  afterAll(() => app.close());

  const send = (method: "GET" | "POST", url: string, actor: Actor, payload?: object, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...actor.headers, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
  const templates = () => `/api/v1/clinics/${clinic.slug}/consent-templates`;

  async function newSignedPatient(): Promise<{ row: Patient; actor: Actor }> {
    const row = await newPatient(db.store, clinic.id);
    return { row, actor: await patientActor(db.store, clinic, row) };
  }

  it("patients sign the current version with a typed name; the server records time, IP and user agent", async () => {
    const { row, actor } = await newSignedPatient();
    const listed = await send("GET", templates(), actor);
    expect(listed.statusCode, listed.body).toBe(200);
    const current = listed.json().templates.find((t: { kind: string }) => t.kind === "microneedling");
    expect(current).toMatchObject({ version: 1, publishedAt: null, title: expect.any(String) });

    const signed = await send(
      "POST",
      `/api/v1/patients/${row.id}/consents`,
      actor,
      { template: "microneedling", version: current.version, typedName: row.name },
      { "user-agent": "TestBrowser/1.0" },
    );
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json()).toMatchObject({
      patientId: row.id,
      kind: "microneedling",
      templateVersion: 1,
      typedName: row.name,
      signedAt: TEST_NOW,
      ip: "127.0.0.1",
      userAgent: "TestBrowser/1.0",
    });

    // Staff read the list (audited), and cannot sign for the patient.
    const read = await send("GET", `/api/v1/patients/${row.id}/consents`, frontDesk);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().consents).toEqual([signed.json()]);
    expect(read.json().standing).toEqual([
      { kind: "microneedling", status: "signed", currentVersion: 1, signedVersion: 1 },
      { kind: "prp", status: "missing", currentVersion: 1, signedVersion: null },
      { kind: "rf", status: "missing", currentVersion: 1, signedVersion: null },
    ]);
    const audit = await listAuditEntries(db.store.db, { clinicId: clinic.id, patientId: row.id, limit: 100 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["consent.sign", "consent.read"]));
    expectProblem(
      await send("POST", `/api/v1/patients/${row.id}/consents`, frontDesk, {
        template: "microneedling",
        version: 1,
        typedName: "Someone",
      }),
      403,
    );
  });

  it("refuses bad input naming the field, unknown versions, and a version already replaced", async () => {
    const { row, actor } = await newSignedPatient();
    const url = `/api/v1/patients/${row.id}/consents`;
    const bad = expectProblem(
      await send("POST", url, actor, { template: "botox", version: 1, typedName: "A" }),
      400,
    );
    expect(bad.errors?.map((e) => e.path)).toContain("template");
    const blank = expectProblem(
      await send("POST", url, actor, { template: "rf", version: 1, typedName: " " }),
      400,
    );
    expect(blank.errors?.map((e) => e.path)).toContain("typedName");
    const unknown = expectProblem(
      await send("POST", url, actor, { template: "rf", version: 99, typedName: "A" }),
      400,
      "invalid_input",
    );
    expect(unknown.errors?.map((e) => e.path)).toEqual(["version"]);
  });

  it("a new version is immutable once published, asks for a new signature, and the board says so", async () => {
    const c = await newClinic(db.store, { timeZone: "America/New_York" });
    const p = await newProvider(db.store, c.id, { skills: ["microneedling"] });
    const treatment = await newService(db.store, c.id, { code: "microneedling" });
    const boss = await newActor(db.store, { clinicId: c.id, role: "admin" });
    const row = await newPatient(db.store, c.id);
    const actor = await patientActor(db.store, c, row);
    const booking = await insertBooking(db.store.db, {
      clinicId: c.id,
      patientId: row.id,
      serviceId: treatment.id,
      providerId: p.id,
      startsAt: "2030-01-04T15:00:00Z",
      endsAt: "2030-01-04T16:00:00Z",
      createdAt: CREATED_AT,
    });
    const board = async () => {
      const res = await send("GET", `/api/v1/clinics/${c.slug}/readiness?days=7`, boss);
      expect(res.statusCode, res.body).toBe(200);
      const item = res.json().items.find((i: { bookingId: string }) => i.bookingId === booking.id);
      return item.problems
        .filter((x: { code: string }) => x.code.startsWith("consent"))
        .map((x: { code: string }) => x.code);
    };
    expect(await board()).toEqual(["consent_missing"]);

    const sign = (version: number) =>
      send("POST", `/api/v1/patients/${row.id}/consents`, actor, {
        template: "microneedling",
        version,
        typedName: row.name,
      });
    expect((await sign(1)).statusCode).toBe(201);
    expect(await board()).toEqual([]);

    const url = `/api/v1/clinics/${c.slug}/consent-templates`;
    expectProblem(await send("POST", url, actor, { kind: "microneedling", title: "T", body: "B" }), 403);
    const published = await send("POST", url, boss, {
      kind: "microneedling",
      title: "Consent v2",
      body: "New words.",
    });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ kind: "microneedling", version: 2, title: "Consent v2" });
    const third = await send("POST", url, boss, {
      kind: "microneedling",
      title: "Consent v3",
      body: "Newer.",
    });
    expect(third.json().version).toBe(3);
    // Version 2 still reads as it was published: publishing adds, it never rewrites.
    const v2 = await db.store.db
      .selectFrom("consent_template")
      .select(["title", "body"])
      .where("clinic_id", "=", c.id)
      .where("version", "=", 2)
      .executeTakeFirstOrThrow();
    expect(v2).toEqual({ title: "Consent v2", body: "New words." });

    expect(await board()).toEqual(["consent_outdated"]);
    expectProblem(await sign(2), 409, "invalid_state");
    expect((await sign(3)).statusCode).toBe(201);
    expect(await board()).toEqual([]);
  });

  it("a treatment is not marked completed without its consents (PRP needs both forms); a consultation needs none", async () => {
    const { row, actor } = await newSignedPatient();
    const booking = await insertBooking(db.store.db, {
      clinicId: clinic.id,
      patientId: row.id,
      serviceId: prp.id,
      providerId: provider.id,
      startsAt: "2029-12-20T15:00:00Z",
      endsAt: "2029-12-20T16:00:00Z",
      createdAt: CREATED_AT,
    });
    const complete = () =>
      send("POST", `/api/v1/bookings/${booking.id}/outcome`, frontDesk, { outcome: "completed" });
    const refused = expectProblem(await complete(), 422, "consent_missing");
    expect(refused.kinds).toEqual(["microneedling", "prp"]);
    for (const template of ["microneedling", "prp"]) {
      const res = await send("POST", `/api/v1/patients/${row.id}/consents`, actor, {
        template,
        version: 1,
        typedName: row.name,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const done = await complete();
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe("completed");
    // Booking itself is never refused for a missing consent (the board flags it instead).
    expect(microneedling.isTreatment).toBe(true);
  });
});
