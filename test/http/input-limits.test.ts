import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { insertBooking } from "../../src/store/booking.repository.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT } from "../factories.js";
import { expectProblem, testApp } from "./harness.js";
import { ROUTES } from "./routes-under-test.js";
import { type ActorName, headersOf, newScene, type Scene } from "./scene.js";

const YEARS = "must lie in the years 1900 to 2200";

/** A refusal that names `path` and stays short whatever was sent: no echo of the input. */
function expectShortRefusal(res: LightMyRequestResponse, path: string): void {
  const problem = expectProblem(res, 400, "invalid_input");
  expect(res.body.length, res.body.slice(0, 300)).toBeLessThan(3000);
  expect(problem.errors?.length ?? 0).toBeLessThanOrEqual(20);
  expect(problem.errors?.map((e) => e.path)).toContain(path);
  for (const error of problem.errors ?? []) expect(error.message.length).toBeLessThan(200);
}

describeEachDatabase("hostile input over HTTP", (db) => {
  let app: FastifyInstance;
  let scene: Scene;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    scene = await newScene(db.store, app);
  });
  afterAll(() => app.close());

  /** The matrix's valid request for a route, with `bend` applied to its body (or URL). */
  async function send(
    method: string,
    pattern: string,
    actor: ActorName,
    bend: (request: { url: string; payload?: unknown }) => { url: string; payload?: unknown },
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const route = ROUTES.find((r) => r.method === method && r.pattern === pattern);
    if (route === undefined) throw new Error(`no route ${method} ${pattern}`);
    const { url, payload } = bend(await route.request(scene, { store: db.store, app }));
    return app.inject({
      method: route.method,
      url,
      headers: { ...headersOf(scene, actor), ...headers },
      ...(payload !== undefined && { payload: payload as object }),
    });
  }

  const withBody =
    (patch: Record<string, unknown>) =>
    (r: { url: string; payload?: unknown }): { url: string; payload?: unknown } => ({
      url: r.url,
      payload: { ...(r.payload as object | undefined), ...patch },
    });
  const withQuery =
    (query: string) =>
    (r: { url: string }): { url: string } => ({
      url: `${r.url.split("?")[0]}?${query}`,
    });

  describe("sizes: long lists and long strings are refused early, in a few lines", () => {
    it("a 127,000-entry list in an uploaded protocol", async () => {
      const aftercare = Array.from({ length: 127_000 }, () => 0);
      const res = await send("PUT", "/api/v1/clinics/{slug}/protocol", "admin", withBody({ aftercare }));
      expectShortRefusal(res, "aftercare");
    });

    it("a 127,000-entry list of codes in an intake", async () => {
      const conditions = Array.from({ length: 127_000 }, () => 0);
      const res = await send("PUT", "/api/v1/patients/{id}/intake", "admin", withBody({ conditions }));
      expectShortRefusal(res, "conditions");
    });

    it("a 200,000-character code gets no suggestion and is quoted as a short excerpt", async () => {
      const long = "pregnancy".padEnd(200_000, "x");
      const res = await send(
        "PUT",
        "/api/v1/patients/{id}/intake",
        "admin",
        withBody({ conditions: [long] }),
      );
      expectShortRefusal(res, "conditions[0]");
      const message = res.json().errors[0].message as string;
      expect(message).toContain(`"${long.slice(0, 40)}…"`);
      expect(message).not.toContain("did you mean");
    });

    it("a 1 MB search string", async () => {
      const res = await send(
        "GET",
        "/api/v1/clinics/{slug}/patients",
        "admin",
        withQuery(`q=${"x".repeat(1_000_000)}`),
      );
      expectShortRefusal(res, "q");
    });

    it("a 100,000-character unknown field name is named by an excerpt", async () => {
      const key = "k".repeat(100_000);
      const res = await send("POST", "/api/v1/clinics/{slug}/rooms", "admin", withBody({ [key]: 1 }));
      expectShortRefusal(res, `${"k".repeat(40)}…`);
    });
  });

  describe("dates and instants outside 1900–2200 are refused before anything is written", () => {
    const cases: {
      what: string;
      method: string;
      pattern: string;
      actor: ActorName;
      bend: (r: { url: string; payload?: unknown }) => { url: string; payload?: unknown };
      path: string;
    }[] = [
      {
        what: "intake medication day",
        method: "PUT",
        pattern: "/api/v1/patients/{id}/intake",
        actor: "admin",
        bend: withBody({ medications: [{ code: "isotretinoin", lastTakenOn: "0000-01-01" }] }),
        path: "medications[0].lastTakenOn",
      },
      {
        what: "intake procedure day",
        method: "PUT",
        pattern: "/api/v1/patients/{id}/intake",
        actor: "admin",
        bend: withBody({ recentProcedures: [{ code: "waxing", on: "1899-12-31" }] }),
        path: "recentProcedures[0].on",
      },
      {
        what: "plan desiredStartOn",
        method: "POST",
        pattern: "/api/v1/patients/{id}/plans",
        actor: "patient:self",
        bend: withBody({ desiredStartOn: "9999-12-31" }),
        path: "desiredStartOn",
      },
      {
        what: "plan previousSessionOn",
        method: "POST",
        pattern: "/api/v1/patients/{id}/plans",
        actor: "patient:self",
        bend: withBody({ previousSessionOn: "0000-01-01" }),
        path: "previousSessionOn",
      },
      {
        what: "slots from",
        method: "GET",
        pattern: "/api/v1/clinics/{slug}/slots",
        actor: "admin",
        bend: withQuery("service=consultation&from=0000-01-01T00:00:00Z&to=2030-01-14T00:00:00Z"),
        path: "from",
      },
      {
        what: "slots to",
        method: "GET",
        pattern: "/api/v1/clinics/{slug}/slots",
        actor: "admin",
        bend: withQuery("service=consultation&from=2030-01-07T00:00:00Z&to=9999-12-31T00:00:00Z"),
        path: "to",
      },
      {
        what: "booking startsAt",
        method: "POST",
        pattern: "/api/v1/bookings",
        actor: "admin",
        bend: withBody({ startsAt: "9999-12-31T15:00:00Z" }),
        path: "startsAt",
      },
      {
        what: "series firstStartsAt",
        method: "POST",
        pattern: "/api/v1/bookings/series",
        actor: "admin",
        bend: withBody({ firstStartsAt: "0000-01-03T15:00:00Z" }),
        path: "firstStartsAt",
      },
      {
        what: "reschedule startsAt (an offset that lands in 2201 UTC)",
        method: "PATCH",
        pattern: "/api/v1/bookings/{bookingId}",
        actor: "admin",
        bend: withBody({ startsAt: "2200-12-31T20:00:00-05:00" }),
        path: "startsAt",
      },
      {
        what: "waitlist from",
        method: "POST",
        pattern: "/api/v1/waitlist",
        actor: "admin",
        bend: withBody({ from: "1899-12-31T23:59:59Z" }),
        path: "from",
      },
      {
        what: "hours exception startsAt",
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions",
        actor: "admin",
        bend: withBody({ startsAt: "9999-12-30T00:00:00Z", endsAt: "9999-12-31T00:00:00Z" }),
        path: "startsAt",
      },
      {
        what: "hours exceptions window",
        method: "GET",
        pattern: "/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions",
        actor: "admin",
        bend: withQuery("from=0000-01-01T00:00:00Z&to=0000-02-01T00:00:00Z"),
        path: "from",
      },
      {
        what: "calendar date, year 9999",
        method: "GET",
        pattern: "/api/v1/clinics/{slug}/calendar",
        actor: "admin",
        bend: withQuery("date=9999-12-31"),
        path: "date",
      },
      {
        what: "calendar date, year 0000",
        method: "GET",
        pattern: "/api/v1/clinics/{slug}/calendar",
        actor: "admin",
        bend: withQuery("date=0000-01-01"),
        path: "date",
      },
      {
        what: "audit from",
        method: "GET",
        pattern: "/api/v1/audit",
        actor: "admin",
        bend: withQuery("from=0000-01-01T00:00:00Z"),
        path: "from",
      },
      {
        what: "audit to",
        method: "GET",
        pattern: "/api/v1/audit",
        actor: "admin",
        bend: withQuery("to=9999-12-31T23:59:59Z"),
        path: "to",
      },
    ];

    it.each(cases.map((c) => [c.what, c] as const))("%s", async (_, c) => {
      const res = await send(c.method, c.pattern, c.actor, c.bend);
      const problem = expectProblem(res, 400, "invalid_input");
      expect(problem.errors).toContainEqual(expect.objectContaining({ path: c.path, message: YEARS }));
    });

    it("a refused plan is not stored; one asked for at the end of 2200 is stored and reads back", async () => {
      const list = () =>
        app.inject({
          method: "GET",
          url: `/api/v1/patients/${scene.own.patient.id}/plans`,
          headers: headersOf(scene, "admin"),
        });
      const before = (await list()).json().plans.length;
      const refused = await send(
        "POST",
        "/api/v1/patients/{id}/plans",
        "patient:self",
        withBody({ desiredStartOn: "9999-12-31" }),
      );
      expectProblem(refused, 400, "invalid_input");
      expect((await list()).json().plans).toHaveLength(before);

      const late = await send(
        "POST",
        "/api/v1/patients/{id}/plans",
        "patient:self",
        withBody({ desiredStartOn: "2200-12-31" }),
      );
      expect(late.statusCode, late.body).toBe(201);
      const read = await app.inject({
        method: "GET",
        url: `/api/v1/patients/${scene.own.patient.id}/plans/${late.json().id}`,
        headers: headersOf(scene, "admin"),
      });
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json().desiredStartOn).toBe("2200-12-31");
    });

    it("the first and last moments of the range are accepted", async () => {
      const audit = await send(
        "GET",
        "/api/v1/audit",
        "admin",
        withQuery("from=1900-01-01T00:00:00Z&to=2200-12-31T23:59:59Z"),
      );
      expect(audit.statusCode, audit.body).toBe(200);
      const intake = await send(
        "PUT",
        "/api/v1/patients/{id}/intake",
        "admin",
        withBody({ medications: [{ code: "isotretinoin", lastTakenOn: "1900-01-01" }] }),
      );
      expect(intake.statusCode, intake.body).toBe(200);
    });
  });

  describe("control characters in any text field are a 400 naming the field", () => {
    const NUL = "a\u0000b";
    const cases: {
      method: string;
      pattern: string;
      actor: ActorName;
      bend: (r: { url: string; payload?: unknown }) => { url: string; payload?: unknown };
      path: string;
    }[] = [
      {
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/patients/register",
        actor: "anonymous",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/staff",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/services",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "PATCH",
        pattern: "/api/v1/clinics/{slug}/services/{serviceId}",
        actor: "admin",
        bend: withBody({ name: "a\u007fb" }),
        path: "name",
      },
      {
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/providers",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "PATCH",
        pattern: "/api/v1/clinics/{slug}/providers/{providerId}",
        actor: "admin",
        bend: withBody({ name: "a\tb" }),
        path: "name",
      },
      {
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions",
        actor: "admin",
        bend: withBody({ note: NUL }),
        path: "note",
      },
      {
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/rooms",
        actor: "admin",
        bend: withBody({ name: "a\nb" }),
        path: "name",
      },
      {
        method: "PATCH",
        pattern: "/api/v1/clinics/{slug}/rooms/{roomId}",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/devices",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "PATCH",
        pattern: "/api/v1/clinics/{slug}/devices/{deviceId}",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "PUT",
        pattern: "/api/v1/clinics/{slug}/protocol",
        actor: "admin",
        bend: withBody({ version: NUL }),
        path: "version",
      },
      {
        method: "PUT",
        pattern: "/api/v1/clinics/{slug}/protocol",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "PUT",
        pattern: "/api/v1/clinics/{slug}/protocol",
        actor: "admin",
        bend: withBody({ addOns: { rf: { reason: NUL } } }),
        path: "addOns.rf.reason",
      },
      {
        method: "GET",
        pattern: "/api/v1/clinics/{slug}/patients",
        actor: "admin",
        bend: withQuery("q=a%00b"),
        path: "q",
      },
      {
        method: "POST",
        pattern: "/api/v1/clinics/{slug}/patients",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "PATCH",
        pattern: "/api/v1/patients/{id}",
        actor: "admin",
        bend: withBody({ name: NUL }),
        path: "name",
      },
      {
        method: "POST",
        pattern: "/api/v1/bookings/{bookingId}/cancel",
        actor: "admin",
        bend: withBody({ reason: NUL }),
        path: "reason",
      },
      {
        method: "POST",
        pattern: "/api/v1/patients/{id}/plans/{planId}/accept",
        actor: "provider",
        bend: withBody({ overrides: [{ code: "isotretinoin", reason: NUL }] }),
        path: "overrides[0].reason",
      },
      {
        method: "POST",
        pattern: "/api/v1/patients/{id}/plans/{planId}/accept",
        actor: "provider",
        bend: withBody({ overrides: [{ code: "iso\u0000", reason: "ok" }] }),
        path: "overrides[0].code",
      },
    ];

    it.each(cases.map((c) => [`${c.method} ${c.pattern} ${c.path}`, c] as const))("%s", async (_, c) => {
      const res = await send(c.method, c.pattern, c.actor, c.bend);
      const problem = expectProblem(res, 400, "invalid_input");
      expect(problem.errors).toContainEqual(
        expect.objectContaining({ path: c.path, message: expect.stringContaining("control characters") }),
      );
      expect(res.body).not.toContain("\\u0000");
    });

    it("a multi-line note keeps its line breaks and tabs", async () => {
      const note = "Conference\n\tall day";
      const res = await send(
        "POST",
        "/api/v1/clinics/{slug}/providers/{providerId}/hours-exceptions",
        "admin",
        withBody({ startsAt: "2030-05-01T14:00:00Z", endsAt: "2030-05-01T18:00:00Z", note }),
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().note).toBe(note);
    });
  });

  describe("the audit names the patients a read showed", () => {
    const auditRows = async (action: string) =>
      (await listAuditEntries(db.store.db, { clinicId: scene.own.clinic.id, limit: 1000 })).filter(
        (e) => e.action === action,
      );
    /** The rows of `action` written since `before` (one fixed clock: the order is no guide). */
    const newRows = async (action: string, before: readonly { id: string }[]) => {
      const seen = new Set(before.map((e) => e.id));
      return (await auditRows(action)).filter((e) => !seen.has(e.id));
    };

    it("a search: one row with the ids of the patients found", async () => {
      const before = await auditRows("patients.search");
      const res = await app.inject({
        method: "GET",
        url: `/api/v1/clinics/${scene.own.clinic.slug}/patients?q=${encodeURIComponent(scene.own.patient.name)}`,
        headers: headersOf(scene, "front_desk"),
      });
      expect(res.statusCode, res.body).toBe(200);
      const shown = res.json().patients.map((p: { id: string }) => p.id);
      expect(shown).toContain(scene.own.patient.id);
      const rows = await newRows("patients.search", before);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.actorId).toBe(scene.actors.front_desk.account.id);
      expect(rows[0]?.detail).toMatchObject({ searched: true, count: shown.length, patientIds: shown });
    });

    it("a calendar day: one row with the ids of the patients on it", async () => {
      const startsAt = "2030-02-04T15:00:00Z";
      for (const patient of [scene.own.patient, scene.own.otherPatient]) {
        const at = patient === scene.own.patient ? startsAt : "2030-02-04T16:00:00Z";
        await insertBooking(db.store.db, {
          clinicId: scene.own.clinic.id,
          patientId: patient.id,
          serviceId: scene.own.consultation.id,
          providerId: scene.own.provider.id,
          startsAt: at,
          endsAt: Temporal.Instant.from(at).add({ minutes: 30 }).toString(),
          createdAt: CREATED_AT,
        });
      }
      const res = await app.inject({
        method: "GET",
        url: `/api/v1/clinics/${scene.own.clinic.slug}/calendar?date=2030-02-04`,
        headers: headersOf(scene, "provider"),
      });
      expect(res.statusCode, res.body).toBe(200);
      const [row] = (await auditRows("calendar.read")).filter((r) => r.detail.date === "2030-02-04");
      expect(row?.actorId).toBe(scene.actors.provider.account.id);
      expect(row?.detail.patientIds).toEqual([scene.own.patient.id, scene.own.otherPatient.id].sort());
    });

    it("a read of the audit log is itself audited, under the patient it asked about", async () => {
      const patientId = scene.own.patient.id;
      const read = await app.inject({
        method: "GET",
        url: `/api/v1/patients/${patientId}`,
        headers: headersOf(scene, "front_desk"),
      });
      expect(read.statusCode, read.body).toBe(200);
      const before = await auditRows("audit.read");
      const res = await app.inject({
        method: "GET",
        url: `/api/v1/audit?patientId=${patientId}&from=2030-01-01T00:00:00Z`,
        headers: headersOf(scene, "admin"),
      });
      expect(res.statusCode, res.body).toBe(200);
      const entries = res.json().entries as { action: string }[];
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.map((e) => e.action)).not.toContain("audit.read");
      const rows = await newRows("audit.read", before);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actorId: scene.actors.admin.account.id,
        patientId,
        detail: { from: "2030-01-01T00:00:00Z", count: entries.length, patientIds: [patientId] },
      });
      // The next read shows the first one.
      const again = await app.inject({
        method: "GET",
        url: `/api/v1/audit?patientId=${patientId}`,
        headers: headersOf(scene, "admin"),
      });
      expect(again.json().entries.map((e: { action: string }) => e.action)).toContain("audit.read");
    });
  });
});
