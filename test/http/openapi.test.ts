import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { testApp } from "./harness.js";
import { ROUTES, ROUTES_TESTED_ELSEWHERE } from "./routes-under-test.js";

describeEachDatabase("the OpenAPI document", (db) => {
  let app: FastifyInstance;
  const registered: string[] = [];
  let document: {
    openapi: string;
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };

  beforeAll(async () => {
    app = testApp(db.store);
    // Routes are added when the app loads, so this hook sees every one of them.
    app.addHook("onRoute", (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === "HEAD" || route.url.startsWith("/api/docs") || route.url === "/api/openapi.json")
          continue;
        registered.push(`${method} ${route.url.replace(/:(\w+)/g, "{$1}")}`);
      }
    });
    await app.ready();
    document = (await app.inject({ url: "/api/openapi.json" })).json();
  });
  afterAll(() => app.close());

  it("is OpenAPI 3.1 and lists every route the app serves, with its method", () => {
    expect(document.openapi).toBe("3.1.0");
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(registered.length).toBeGreaterThan(30);
    expect(documented.sort()).toEqual([...registered].sort());
  });

  it("covers every route in the authorization matrix and the fuzz list", () => {
    const tested = [...ROUTES.map((r) => `${r.method} ${r.pattern}`), ...ROUTES_TESTED_ELSEWHERE];
    expect(tested.sort()).toEqual([...registered].sort());
  });

  it("describes bodies, parameters and problem answers from the zod schemas", () => {
    const intake = document.paths["/api/v1/patients/{id}/intake"]?.put as Record<string, unknown> | undefined;
    expect(JSON.stringify(intake)).toContain("topical_retinoid");
    expect(intake?.parameters).toEqual([expect.objectContaining({ name: "id", in: "path", required: true })]);
    const responses = intake?.responses as Record<string, { content?: Record<string, unknown> }>;
    expect(Object.keys(responses["400"]?.content ?? {})).toEqual(["application/problem+json"]);
  });

  it("is served by the docs UI too", async () => {
    const page = await app.inject({ url: "/api/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
  });
});
