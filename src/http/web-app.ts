import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * Paths the web app never answers: the API, FHIR, metrics and health checks keep their own
 * problem+json 404 for unknown routes, so a client bug is never masked by an HTML page.
 */
const SERVER_PREFIXES = ["/api/", "/fhir/", "/metrics", "/healthz", "/readyz"];

/** Built files live here: a missing one is a plain 404, never the app's page. */
const ASSETS_PREFIX = "/assets/";

export function isServerPath(url: string): boolean {
  const path = url.split("?", 1)[0] ?? "";
  return (
    path === "/api" ||
    path === "/fhir" ||
    path.startsWith(ASSETS_PREFIX) ||
    SERVER_PREFIXES.some((prefix) => path.startsWith(prefix))
  );
}

/** The built web app (`web/dist`) when it has an `index.html`, else undefined. */
export function builtWebRoot(root: string | undefined): string | undefined {
  if (root === undefined) return undefined;
  return existsSync(join(root, "index.html")) ? root : undefined;
}

const BUILD_HINT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Regimen</title></head>
<body><main><h1>Regimen</h1>
<p>The API is running, but the web app has not been built yet.</p>
<p>Build it with <code>npm run build:web</code> (or simply <code>npm start</code>, which builds it when it is missing), then reload.</p>
<p>API documentation: <a href="/api/docs">/api/docs</a></p></main></body></html>`;

/**
 * Serves the React app from `root` on the API's port: real files as they are (the static plugin's
 * own wildcard route), and, through `webAppFallback` in the not-found handler, `index.html` for any
 * other page address so the app's router can answer deep links (`/book`, `/timeline`). Without a
 * build, `/` explains how to make one and everything else stays a plain 404.
 */
export function registerWebApp(app: FastifyInstance, built: string | undefined): void {
  if (built === undefined) {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(BUILD_HINT),
    );
    return;
  }
  app.register(fastifyStatic, {
    root: built,
    index: "index.html",
    // The build writes brotli and gzip copies of its scripts, styles and index.html (see
    // web/vite.config.ts): each is sent as the browser accepts it, with nothing compressed per
    // request; a client that accepts neither gets the file itself.
    preCompressed: true,
    setHeaders(reply, path) {
      // Vite names assets by content hash, so an asset's URL never changes; index.html must.
      if (/[\\/]assets[\\/]/.test(path)) reply.header("cache-control", "public, max-age=31536000, immutable");
      else reply.header("cache-control", "no-cache");
    },
  });
}

/**
 * Whether an unmatched request is a page address of the web app: a GET or HEAD outside the
 * server's own paths, with a build to answer it.
 */
export function wantsWebAppPage(request: FastifyRequest, built: string | undefined): boolean {
  return (
    built !== undefined &&
    (request.method === "GET" || request.method === "HEAD") &&
    !isServerPath(request.url)
  );
}

export function sendWebAppIndex(reply: FastifyReply) {
  return reply.header("cache-control", "no-cache").sendFile("index.html");
}
