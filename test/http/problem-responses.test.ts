import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DomainError, type DomainErrorCode } from "../../src/domain/errors.js";
import { BODY_LIMIT_BYTES } from "../../src/http/app.js";
import { DOMAIN_STATUS } from "../../src/http/problem.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, newPatient } from "../factories.js";
import { type Actor, expectProblem, newActor, RETINOID_INTAKE, testApp } from "./harness.js";

describeEachDatabase("HTTP errors are problem+json", (db) => {
  let app: FastifyInstance;
  let admin: Actor;
  let patientId: string;
  let slug: string;

  beforeAll(async () => {
    app = testApp(db.store);
    // Routes that fail on purpose, to see what the edge makes of a bug and of each domain code.
    app.get("/test/boom", async () => {
      throw new Error("secret patient Jane Doe in a stack trace");
    });
    app.get<{ Params: { code: string } }>("/test/domain/:code", async (request) => {
      throw new DomainError(request.params.code as DomainErrorCode, "refused", { until: "2030-02-01" });
    });
    await app.ready();
    const clinic = await newClinic(db.store);
    slug = clinic.slug;
    admin = await newActor(db.store, { clinicId: clinic.id, role: "admin" });
    patientId = (await newPatient(db.store, clinic.id)).id;
  });
  afterAll(() => app.close());

  const put = (url: string, payload: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: "PUT",
      url,
      payload,
      headers: { ...admin.headers, "content-type": "application/json", ...headers },
    });

  it("answers malformed JSON with 400", async () => {
    const res = await put(`/api/v1/patients/${patientId}/intake`, '{"concerns": [');
    expect(expectProblem(res, 400, "bad_request").detail).toMatch(/not valid JSON/);
  });

  it("names each unknown field, nested ones with their path", async () => {
    const body = {
      ...RETINOID_INTAKE,
      concerns: [{ code: "acne_scars", severity: "mild", note: "x" }],
      extra: 1,
    };
    const problem = expectProblem(
      await put(`/api/v1/patients/${patientId}/intake`, JSON.stringify(body)),
      400,
      "invalid_input",
    );
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: "concerns[0].note", message: "unknown field", in: "body" },
        { path: "extra", message: "unknown field", in: "body" },
      ]),
    );
  });

  it("names wrong types and unknown codes with a suggestion", async () => {
    const body = { concerns: [{ code: "acne_scar", severity: 3 }], medications: "none" };
    const problem = expectProblem(
      await put(`/api/v1/patients/${patientId}/intake`, JSON.stringify(body)),
      400,
    );
    const paths = problem.errors?.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["concerns[0].code", "concerns[0].severity", "medications"]),
    );
    expect(problem.errors?.find((e) => e.path === "concerns[0].code")?.message).toContain(
      'did you mean "acne_scars"',
    );
  });

  it("refuses impossible dates", async () => {
    const body = { ...RETINOID_INTAKE, medications: [{ code: "isotretinoin", lastTakenOn: "2029-02-30" }] };
    const problem = expectProblem(
      await put(`/api/v1/patients/${patientId}/intake`, JSON.stringify(body)),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ path: "medications[0].lastTakenOn" })]);
  });

  it("refuses impossible instants in a query, naming the parameter", async () => {
    const res = await app.inject({
      url: `/api/v1/audit?from=2030-02-30T10:00:00Z&to=2030-13-01T00:00:00Z`,
      headers: admin.headers,
    });
    const problem = expectProblem(res, 400, "invalid_input");
    expect(problem.errors?.map((e) => [e.path, e.in])).toEqual([
      ["from", "query"],
      ["to", "query"],
    ]);
  });

  it("refuses a malformed id in the path as 400, naming it", async () => {
    const res = await app.inject({ url: "/api/v1/patients/not-a-uuid/intake", headers: admin.headers });
    expect(expectProblem(res, 400).errors).toEqual([{ path: "id", message: "must be a UUID", in: "path" }]);
  });

  it("says a missing required field is required, never what it would have had to be", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: admin.headers,
      payload: { service: "consultation" },
    });
    const problem = expectProblem(res, 400, "invalid_input");
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: "patientId", message: "is required", in: "body" },
        { path: "startsAt", message: "is required", in: "body" },
      ]),
    );
    const staffPatient = await app.inject({
      method: "POST",
      url: `/api/v1/clinics/${slug}/patients`,
      headers: admin.headers,
      payload: {},
    });
    expect(expectProblem(staffPatient, 400).errors).toEqual([
      { path: "name", message: "is required", in: "body" },
      { path: "timeZone", message: "is required", in: "body" },
    ]);
  });

  it.each([
    ["a whole number", "/api/v1/audit?limit=abc", { path: "limit", message: "must be a whole number" }],
    ["a bound", "/api/v1/audit?limit=0", { path: "limit", message: "must be at least 1" }],
    ["a bound", "/api/v1/audit?limit=5000", { path: "limit", message: "must be at most 1000" }],
    ["an id", "/api/v1/audit?patientId=42", { path: "patientId", message: "must be a UUID" }],
  ])("words a query's %s problem in the house style", async (_, url, error) => {
    const problem = expectProblem(await app.inject({ url, headers: admin.headers }), 400, "invalid_input");
    expect(problem.errors).toEqual([{ ...error, in: "query" }]);
  });

  it("never passes on the validator's own text or a line break, and names every field", async () => {
    const bad = [
      {
        method: "PUT" as const,
        url: `/api/v1/patients/${patientId}/intake`,
        payload: { concerns: "all", medications: [{}] },
      },
      {
        method: "PUT" as const,
        url: `/api/v1/patients/${patientId}/intake`,
        payload: { concerns: [1, null] },
      },
      { method: "PUT" as const, url: `/api/v1/patients/${patientId}/intake`, payload: [] },
      {
        method: "POST" as const,
        url: `/api/v1/patients/${patientId}/plans`,
        payload: { addOns: "prp", desiredStartOn: 5 },
      },
      {
        method: "PATCH" as const,
        url: `/api/v1/patients/${patientId}`,
        payload: { name: "x".repeat(500), phone: 1 },
      },
      {
        method: "POST" as const,
        url: `/api/v1/clinics/${slug}/patients`,
        payload: { name: "A", timeZone: "EST", email: "x" },
      },
      {
        method: "POST" as const,
        url: "/api/v1/bookings",
        payload: { patientId: "", startsAt: "soon", service: 3 },
      },
      {
        method: "GET" as const,
        url: `/api/v1/clinics/${slug}/patients?limit=-1&offset=x&q=${"y".repeat(200)}`,
      },
    ];
    for (const { method, url, ...rest } of bad) {
      const res = await app.inject({
        method,
        url,
        headers: admin.headers,
        ...("payload" in rest && { payload: rest.payload as object }),
      });
      const problem = expectProblem(res, 400, "invalid_input");
      expect(problem.detail, url).not.toContain("\n");
      expect(problem.detail, url).toMatch(/^The request .* is not valid: .+\.$/);
      expect(problem.errors?.length, url).toBeGreaterThan(0);
      for (const error of problem.errors ?? []) {
        // A whole body of the wrong shape (an array for an object) is the one problem without a field.
        if (!Array.isArray(rest.payload ?? null)) expect(error.path, `${url} ${error.message}`).not.toBe("");
        expect(error.message, url).toMatch(/^[a-z"]/);
        expect(error.message, url).not.toMatch(/\n|Invalid input|expected|received|Too (small|big)/);
      }
    }
  });

  it("answers unknown routes, wrong methods and bad URLs as problems", async () => {
    expectProblem(await app.inject({ url: "/api/v1/nothing-here" }), 404, "route_not_found");
    expectProblem(await app.inject({ method: "DELETE", url: "/healthz" }), 404, "route_not_found");
    expectProblem(await app.inject({ url: "/api/v1/clinics/%E0%A4%A/services" }), 400, "bad_request");
  });

  it("answers 413 for a body over the limit and 415 for a body that is not JSON", async () => {
    const big = JSON.stringify({ version: "x", name: "y".repeat(BODY_LIMIT_BYTES) });
    expectProblem(await put(`/api/v1/clinics/${slug}/protocol`, big), 413, "payload_too_large");
    const text = await put(`/api/v1/clinics/${slug}/protocol`, "version=1", { "content-type": "text/plain" });
    expectProblem(text, 415, "unsupported_media_type");
    const form = await put(`/api/v1/clinics/${slug}/protocol`, "a=1", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expectProblem(form, 415);
  });

  it("answers an unexpected error with a bare 500: no message, no stack", async () => {
    const problem = expectProblem(await app.inject({ url: "/test/boom" }), 500, "internal_error");
    expect(JSON.stringify(problem)).not.toContain("Jane");
    expect(problem.requestId).toEqual(expect.any(String));
  });

  it.each(Object.entries(DOMAIN_STATUS))(
    "maps the domain code %s to %i, keeping `until`",
    async (code, status) => {
      const problem = expectProblem(await app.inject({ url: `/test/domain/${code}` }), status, code);
      expect(problem.until).toBe("2030-02-01");
    },
  );

  it("echoes a sane X-Request-Id and replaces anything else", async () => {
    const kept = await app.inject({ url: "/healthz", headers: { "x-request-id": "abc-123" } });
    expect(kept.headers["x-request-id"]).toBe("abc-123");
    const replaced = await app.inject({ url: "/nope", headers: { "x-request-id": "<script>" } });
    expect(replaced.headers["x-request-id"]).not.toBe("<script>");
    expect(expectProblem(replaced, 404).requestId).toBe(replaced.headers["x-request-id"]);
  });

  it("serves health with the dialect and security headers", async () => {
    const res = await app.inject({ url: "/healthz" });
    expect(res.json()).toEqual({ status: "ok", db: db.dialect });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
  });
});
