import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import fastifyUnderPressure from "@fastify/under-pressure";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { TrustProxy } from "../config.js";
import { type AppDeps, resolveContext } from "./app-context.js";
import { authenticate } from "./auth/authenticate.js";
import { rejectCrossSiteWrites } from "./auth/csrf.js";
import { SESSION_COOKIE } from "./auth/session-cookie.js";
import { handleError, sendProblem } from "./error-handler.js";
import { registerMetrics } from "./metrics.js";
import { problemOf } from "./problem.js";
import { loggerOptions, requestIdOf } from "./request-log.js";
import { registerRoutes } from "./routes/index.js";
import { zodValidatorCompiler } from "./validation.js";
import { builtWebRoot, registerWebApp, sendWebAppIndex, wantsWebAppPage } from "./web-app.js";

/** 256 KiB: the largest legitimate body (a whole clinic protocol) is a few KiB. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * The HTTP app, built from its dependencies and nothing else: no module state, so tests build
 * as many as they like against real databases. Call `await app.ready()` (or `listen`) before use.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const ctx = resolveContext(deps);
  const app = Fastify({
    logger: deps.logger === false ? false : loggerOptions(deps.config.logLevel, deps.logStream),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    trustProxy: fastifyTrustProxy(deps.config.trustProxy),
    // Bad percent-encoding and over-long path segments also answer problem+json.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  });

  // JSON only: without this, text/plain bodies would reach validation instead of a clear 415.
  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  const webRoot = builtWebRoot(deps.webRoot);
  app.setNotFoundHandler((request, reply) =>
    wantsWebAppPage(request, webRoot)
      ? sendWebAppIndex(reply)
      : sendProblem(
          reply,
          problemOf({ code: "route_not_found", detail: "There is no such route.", requestId: request.id }),
        ),
  );
  app.decorateRequest("principal", null);
  app.decorateRequest("sessionTokenHash", null);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  // A signed-in answer (or one that sets or clears the session cookie) is for one person only:
  // no browser cache or shared proxy may keep it for the next user of the machine.
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.principal !== null || reply.hasHeader("set-cookie"))
      reply.header("cache-control", "no-store");
    return payload;
  });

  registerMetrics(app, ctx, deps.config.metricsToken);
  registerLoadShedding(app, deps.config);

  app.register(fastifyCookie);
  app.register(fastifyHelmet, {
    // Plain HTTP is how `npm start` serves (localhost, or a LAN address): upgrading every
    // subresource to HTTPS would break the docs page there. Behind TLS, HSTS does the job.
    // The web app loads only its own scripts; its component library writes <style> elements at
    // run time, hence inline styles (never inline scripts). Clinical photos are fetched through
    // the API client (with the session, every view audited) and shown from blob: URLs.
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: null,
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
      },
    },
  });
  // Per-route limits only (see auth.routes.ts); sign-in throttling is in the database instead.
  app.register(fastifyRateLimit, { global: false });
  app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Regimen API",
        version: "1",
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
        description:
          "Microneedling care from assessment to maintenance. Errors are application/problem+json (RFC 9457).",
      },
      // Relative: the document describes the server that serves it, wherever it is deployed.
      servers: [{ url: "/" }],
      components: {
        securitySchemes: { sessionCookie: { type: "apiKey", in: "cookie", name: SESSION_COOKIE } },
      },
      // Signed in unless an operation says otherwise: public ones declare `security: []`.
      security: [{ sessionCookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.register(fastifySwaggerUi, {
    routePrefix: "/api/docs",
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ""),
  });

  // Registered after the cookie plugin, so its hooks see parsed cookies; they run for every route below.
  app.register(async (api) => {
    api.addHook("onRequest", rejectCrossSiteWrites(deps.config));
    api.addHook("onRequest", authenticate(ctx));
    // A signed-in answer (or one that sets or clears the session cookie) is for one person only:
    // no browser cache or shared proxy may keep it for the next user of the machine. Added here,
    // after the cookie plugin's own onSend, so the Set-Cookie header is already in place.
    api.addHook("onSend", async (request, reply, payload) => {
      if (request.principal !== null || reply.hasHeader("set-cookie"))
        reply.header("cache-control", "no-store");
      return payload;
    });
    api.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
    registerRoutes(api.withTypeProvider<ZodTypeProvider>(), ctx);
  });

  registerWebApp(app, webRoot);

  return app;
}

/** How long a shed client is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

/** The probes and metrics keep answering under load: they are how an operator sees the load. */
const NEVER_SHED = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Under event-loop saturation (or past a heap limit) new requests get a quick 503 with Retry-After
 * instead of all of them waiting until they time out. Both thresholds are settings; 0 turns one off.
 */
function registerLoadShedding(app: FastifyInstance, config: AppDeps["config"]): void {
  if (config.maxEventLoopDelayMs === 0 && config.maxHeapUsedMb === 0) return;
  app.register(fastifyUnderPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxHeapUsedBytes: config.maxHeapUsedMb * 1024 * 1024,
    retryAfter: RETRY_AFTER_SECONDS,
    // Sending here ends the request: Fastify skips the rest once a reply is sent.
    pressureHandler: (request, reply) => {
      if (NEVER_SHED.has(request.routeOptions.url ?? "")) return;
      reply.header("retry-after", String(RETRY_AFTER_SECONDS));
      sendProblem(
        reply,
        problemOf({
          code: "overloaded",
          detail: `The server is overloaded; try again in ${RETRY_AFTER_SECONDS} seconds.`,
          requestId: request.id,
        }),
      );
    },
  });
}

/**
 * A hop count becomes "trust the nearest `hops` addresses" (proxy-addr calls the function with
 * each address and its distance, 0 being the socket's peer): the client is the address the
 * outermost trusted proxy saw. Fastify's own number option trusts nothing (it cannot check the
 * peer), so the count is spelled out here. Lists go through as they are.
 */
function fastifyTrustProxy(trust: TrustProxy): FastifyServerOptions["trustProxy"] {
  if (trust === false) return false;
  if (typeof trust === "number") return (_address: string, hop: number) => hop < trust;
  return [...trust];
}
