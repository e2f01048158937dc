import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import type { AccountRole } from "../../src/store/schema.js";
import { describeEachDatabase } from "../databases.js";
import { testApp } from "./harness.js";
import { type Access, ROUTES, type RouteUnderTest } from "./routes-under-test.js";
import { ACTOR_NAMES, type ActorName, headersOf, newScene, type Scene } from "./scene.js";

function roleOf(actor: Exclude<ActorName, "anonymous">): AccountRole {
  const name = actor.replace("foreign:", "");
  return name.startsWith("patient") ? "patient" : (name as AccountRole);
}

/** The one rule table: what each actor gets from each kind of route. */
function expectedStatus(access: Access, ok: number, actor: ActorName): number {
  if (access.kind === "public") return ok;
  if (actor === "anonymous") return 401;
  if (access.kind === "signedIn") return ok;
  const role = roleOf(actor);
  const foreign = actor.startsWith("foreign:");
  switch (access.kind) {
    case "ownClinicAdmin":
      return role === "admin" ? ok : 403;
    case "clinic":
      if (foreign) return 404;
      return access.roles.includes(role) ? ok : 403;
    case "patient":
      // Another patient's record and another clinic's patient look exactly like no patient.
      if (foreign || actor === "patient:other") return 404;
      return access.roles.includes(role) ? ok : 403;
  }
}

describeEachDatabase("authorization matrix", (db) => {
  let app: FastifyInstance;
  let scene: Scene;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    scene = await newScene(db.store, app);
  });
  afterAll(() => app.close());

  const call = async (route: RouteUnderTest, actor: ActorName) => {
    const { url, payload, headers } = await route.request(scene, { store: db.store, app });
    return app.inject({
      method: route.method,
      url,
      headers: { ...headersOf(scene, actor), ...headers },
      ...(payload !== undefined && { payload: payload as object }),
    });
  };

  it.each(ROUTES.map((route) => [`${route.method} ${route.pattern}`, route] as const))(
    "%s",
    async (_, route) => {
      const outcomes: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const actor of ACTOR_NAMES) {
        const res = await call(route, actor);
        outcomes[actor] = res.statusCode;
        expected[actor] = expectedStatus(route.access, route.ok, actor);
        if (res.statusCode >= 400) expect(res.headers["content-type"]).toContain("application/problem+json");
      }
      expect(outcomes).toEqual(expected);
    },
  );

  it.each(
    ROUTES.filter((r) => r.access.kind === "patient" && r.access.audited).map(
      (r) => [`${r.method} ${r.pattern}`, r] as const,
    ),
  )("audits staff on %s", async (_, route) => {
    for (const actor of ["front_desk", "provider", "admin"] as const) {
      const roles = route.access.kind === "patient" ? route.access.roles : [];
      if (!roles.includes(actor)) continue;
      const accountId = scene.actors[actor].account.id;
      const count = async () =>
        (
          await listAuditEntries(db.store.db, {
            clinicId: scene.own.clinic.id,
            patientId: scene.own.patient.id,
            limit: 1000,
          })
        ).filter((e) => e.actorId === accountId).length;
      const before = await count();
      expect((await call(route, actor)).statusCode).toBe(route.ok);
      expect(await count()).toBeGreaterThan(before);
    }
  });

  it("never reaches another clinic's rows through one's own clinic in the path", async () => {
    const admin = headersOf(scene, "admin");
    const slug = scene.own.clinic.slug;
    const theirs = scene.foreign;
    const attempts = [
      {
        method: "PATCH" as const,
        url: `/api/v1/clinics/${slug}/rooms/${theirs.room.id}`,
        payload: { name: "x" },
      },
      {
        method: "PATCH" as const,
        url: `/api/v1/clinics/${slug}/devices/${theirs.device.id}`,
        payload: { name: "x" },
      },
      {
        method: "PATCH" as const,
        url: `/api/v1/clinics/${slug}/services/${theirs.service.id}`,
        payload: { name: "x" },
      },
      {
        method: "PATCH" as const,
        url: `/api/v1/clinics/${slug}/providers/${theirs.provider.id}`,
        payload: { name: "x" },
      },
      {
        method: "PUT" as const,
        url: `/api/v1/clinics/${slug}/providers/${theirs.provider.id}/hours`,
        payload: { weeklyHours: [] },
      },
      {
        method: "GET" as const,
        url: `/api/v1/clinics/${slug}/providers/${theirs.provider.id}/hours-exceptions?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z`,
      },
      { method: "GET" as const, url: `/api/v1/patients/${theirs.patient.id}/intake` },
      // The own clinic's plan, asked for under another patient of the same clinic.
      { method: "GET" as const, url: `/api/v1/patients/${scene.own.otherPatient.id}/plans/${scene.planId}` },
    ];
    for (const { method, url, ...rest } of attempts) {
      const res = await app.inject({
        method,
        url,
        headers: admin,
        ...("payload" in rest && { payload: rest.payload }),
      });
      expect([url, res.statusCode]).toEqual([url, 404]);
    }
    // And another clinic's admin sees only their own clinic's audit trail.
    const audit = await app.inject({ url: "/api/v1/audit", headers: headersOf(scene, "foreign:admin") });
    const patients = audit.json().entries.map((e: { patientId: string | null }) => e.patientId);
    expect(patients).not.toContain(scene.own.patient.id);
  });
});
