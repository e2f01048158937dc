import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { expectProblem, testApp } from "./harness.js";

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1.js"></script></body></html>';
const APP = "console.log('app');";

/** A built file with the brotli and gzip copies the web build writes beside it. */
function writeBuilt(path: string, content: string): void {
  writeFileSync(path, content);
  writeFileSync(`${path}.br`, brotliCompressSync(content));
  writeFileSync(`${path}.gz`, gzipSync(content));
}

describeEachDatabase("the web app on the API's port", (db) => {
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;
  let root: string;

  beforeAll(async () => {
    // A stand-in for `web/dist`: the server only needs index.html and hashed assets.
    root = mkdtempSync(join(tmpdir(), "regimen-web-"));
    mkdirSync(join(root, "assets"));
    writeBuilt(join(root, "index.html"), INDEX);
    writeBuilt(join(root, "assets", "app-1.js"), APP);
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

  it("sends the build's brotli or gzip copy as the browser accepts, else the file itself", async () => {
    for (const url of ["/assets/app-1.js", "/", "/book?service=microneedling"]) {
      const original = url.startsWith("/assets/") ? APP : INDEX;
      const br = await built.inject({ url, headers: { "accept-encoding": "gzip, deflate, br" } });
      expect(br.headers["content-encoding"], url).toBe("br");
      expect(br.headers.vary, url).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.rawPayload).toString(), url).toBe(original);
      const gz = await built.inject({ url, headers: { "accept-encoding": "gzip" } });
      expect(gz.headers["content-encoding"], url).toBe("gzip");
      expect(gunzipSync(gz.rawPayload).toString(), url).toBe(original);
      const plain = await built.inject({ url, headers: { "accept-encoding": "identity" } });
      expect(plain.headers["content-encoding"], url).toBeUndefined();
      expect(plain.body, url).toBe(original);
      // The type is the file's own, never the compressed copy's.
      expect(br.headers["content-type"], url).toBe(plain.headers["content-type"]);
      expect(br.headers["cache-control"], url).toBe(plain.headers["cache-control"]);
    }
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
