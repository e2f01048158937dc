import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { expectProblem, testApp } from "./harness.js";

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1.js"></script></body></html>';

describeEachDatabase("the web app on the API's port", (db) => {
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;
  let root: string;

  beforeAll(async () => {
    // A stand-in for `web/dist`: the server only needs index.html and hashed assets.
    root = mkdtempSync(join(tmpdir(), "regimen-web-"));
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "index.html"), INDEX);
    writeFileSync(join(root, "assets", "app-1.js"), "console.log('app');");
    built = testApp(db.store, { webRoot: root });
    unbuilt = testApp(db.store, { webRoot: join(root, "missing") });
    await Promise.all([built.ready(), unbuilt.ready()]);
  });
  afterAll(async () => {
    await Promise.all([built.close(), unbuilt.close()]);
    rmSync(root, { recursive: true, force: true });
  });

  it("serves index.html at / and at any page address, so deep links open the app", async () => {
    for (const url of ["/", "/book?service=microneedling", "/bookings/123", "/signup/confirm?token=abc"]) {
      const page = await built.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(page.body).toBe(INDEX);
      expect(page.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("serves built files, cached for good since their names carry a hash", async () => {
    const asset = await built.inject({ url: "/assets/app-1.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect(asset.headers["cache-control"]).toContain("immutable");
    expect((await built.inject({ url: "/assets/app-2.js" })).statusCode).toBe(404);
  });

  it("keeps problem+json 404s for unknown server routes and for writes", async () => {
    expectProblem(await built.inject({ url: "/api/v1/nothing-here" }), 404, "route_not_found");
    expectProblem(await built.inject({ url: "/api/nothing" }), 404, "route_not_found");
    expectProblem(await built.inject({ url: "/fhir/Patient" }), 404, "route_not_found");
    expectProblem(await built.inject({ url: "/metrics/x" }), 404, "route_not_found");
    expectProblem(await built.inject({ method: "POST", url: "/book", payload: {} }), 404, "route_not_found");
    expect((await built.inject({ url: "/healthz" })).statusCode).toBe(200);
  });

  it("lets the page run its own scripts and the component library's styles, nothing else", async () => {
    const csp = String((await built.inject({ url: "/" })).headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
  });

  it("without a build, / says how to build and the API still answers", async () => {
    const page = await unbuilt.inject({ url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("npm run build:web");
    expectProblem(await unbuilt.inject({ url: "/book" }), 404, "route_not_found");
    expect((await unbuilt.inject({ url: "/api/v1/setup" })).json()).toMatchObject({
      open: expect.any(Boolean),
    });
  });
});

describe("isServerPath", () => {
  it("names the server's own paths", async () => {
    const { isServerPath } = await import("../../src/http/web-app.js");
    expect(isServerPath("/api/v1/x?y=1")).toBe(true);
    expect(isServerPath("/healthz")).toBe(true);
    expect(isServerPath("/timeline")).toBe(false);
    expect(isServerPath("/apiary")).toBe(false);
  });
});
