import fc from "fast-check";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { testApp } from "./harness.js";
import { ROUTES, type RouteUnderTest } from "./routes-under-test.js";
import { type ActorName, headersOf, newScene, type Scene } from "./scene.js";

const RUNS_PER_ROUTE = 25;

/**
 * The three routes the matrix leaves out, with a valid request each. They run last: logout ends
 * the signed-in actors' sessions, after which requests are anonymous.
 */
const AUTH_ROUTES: readonly RouteUnderTest[] = [
  {
    method: "POST",
    pattern: "/api/v1/auth/login",
    access: { kind: "public" },
    ok: 200,
    request: async (s) => ({
      url: "/api/v1/auth/login",
      payload: { email: s.actors.admin.email, password: "x" },
    }),
  },
  {
    method: "POST",
    pattern: "/api/v1/auth/logout",
    access: { kind: "public" },
    ok: 204,
    request: async () => ({ url: "/api/v1/auth/logout" }),
  },
  {
    method: "POST",
    pattern: "/api/v1/auth/password-reset/confirm",
    access: { kind: "public" },
    ok: 204,
    request: async () => ({
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token: "t", password: "a long password" },
    }),
  },
];

/** Path segments, hostile or not: UUIDs, slugs, unicode, separators, percent signs, long strings. */
const segment = fc.oneof(
  fc.uuid(),
  fc.constantFrom("demo", "", " ", "..", "%", "a/b", "null", "0", "-1", "ä", "😀", "x".repeat(150)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);

/** Text and dates at the edges: control characters, years outside 1900–2200, huge strings. */
const EDGE_TEXT = [
  "a\u0000b",
  "\u0000",
  "bell\u0007",
  "del\u007f",
  "line\r\nbreak",
  "tab\there",
  "0000-01-01",
  "9999-12-31",
  "1899-12-31",
  "2200-12-31",
  "2201-01-01",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "2200-12-31T20:00:00-05:00",
  "1900-01-01T00:00:00Z",
] as const;
/** Under the body limit, so they reach validation rather than a 413. */
const LONG_STRING = "pregnancy".padEnd(200_000, "x");
const HUGE_LIST: readonly number[] = Array.from({ length: 127_000 }, () => 0);
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(...EDGE_TEXT, LONG_STRING, HUGE_LIST, [LONG_STRING], ["a\u0000b"]),
  fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
);

const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom("2030-02-30T00:00:00Z", "2030-01-01T00:00:00Z", "true", "1e309", "-1", "999999999999", ""),
  fc.constantFrom<string>(...EDGE_TEXT, "x".repeat(100_000)),
);
const query = fc.dictionary(
  fc.oneof(
    fc.constantFrom("q", "from", "to", "limit", "offset", "patientId", "includeInactive"),
    fc.string({ maxLength: 10 }),
  ),
  fc.oneof(queryValue, fc.array(queryValue, { maxLength: 3 })),
  { maxKeys: 4 },
);

type Body = { kind: "json"; value: unknown } | { kind: "raw"; text: string; contentType: string };

/** Paths to every leaf (string, number, boolean, null) of a JSON value. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...path, i]));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [path];
}

/** `value` with the leaf at `path` replaced. */
function replaceAt(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, leaf) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head]: replaceAt(object[head], rest, leaf) };
}

/** Valid bodies bent one field at a time reach deeper than random JSON alone. */
function bodyFor(valid: unknown): fc.Arbitrary<Body> {
  const json = (value: fc.Arbitrary<unknown>) => value.map((v): Body => ({ kind: "json", value: v }));
  const fields = valid !== null && typeof valid === "object" ? Object.keys(valid) : [];
  const bent =
    fields.length === 0
      ? fc.jsonValue()
      : fc
          .tuple(
            fc.constantFrom(...fields, "extraField"),
            fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileValue),
          )
          .map(([key, value]) => ({ ...(valid as object), [key]: value }));
  // Any field, however deep (a nested code, a note), given a hostile value.
  const leaves = leafPaths(valid);
  const bentLeaf =
    leaves.length === 0
      ? hostileValue
      : fc
          .tuple(fc.nat({ max: leaves.length - 1 }), hostileValue)
          .map(([i, value]) => replaceAt(valid, leaves[i] as (string | number)[], value));
  return fc.oneof(
    json(fc.constant(valid)),
    json(bent),
    json(bentLeaf),
    json(fc.jsonValue({ maxDepth: 4 })),
    json(fc.object({ maxDepth: 3 })),
    fc.record({
      kind: fc.constant("raw" as const),
      text: fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom("{", '{"__proto__":{"x":1}}', "[]", "null", ""),
      ),
      contentType: fc.constantFrom(
        "application/json",
        "text/plain",
        "application/xml",
        "multipart/form-data",
      ),
    }),
  );
}

function expectNeverA500(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers["content-type"], what).toContain("application/problem+json");
    expect(res.json(), what).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: res.statusCode,
      detail: expect.any(String),
      code: expect.any(String),
    });
    // Whatever the input, what a person reads is ours: no validator wording, no line breaks.
    const problem = res.json() as { detail: string; errors?: { path: string; message: string }[] };
    expect(problem.detail, what).not.toContain("\n");
    for (const error of problem.errors ?? []) {
      expect(error.message, what).not.toMatch(/\n|Invalid input|expected .*received|Too (small|big)/);
    }
  }
}

describeEachDatabase("fuzzing every route", (db) => {
  let app: FastifyInstance;
  let scene: Scene;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    scene = await newScene(db.store, app);
  });
  afterAll(() => app.close());

  /** Not sampled but swept: each field of the valid request, body or query, given each edge value. */
  const SWEEP: readonly unknown[] = [
    "a\u0000b",
    "del\u007f",
    "9999-12-31",
    "0000-01-01T00:00:00Z",
    LONG_STRING,
    HUGE_LIST,
  ];

  it.each(ROUTES.map((r) => [`${r.method} ${r.pattern}`, r] as const))(
    "%s answers an edge value in any one field with a problem, never a 500",
    async (_, route) => {
      const valid = await route.request(scene, { store: db.store, app });
      const [path = "", search = ""] = valid.url.split("?");
      const headers = headersOf(scene, "admin");
      for (const value of SWEEP) {
        // A form upload's body is bytes, not JSON: its fields have their own tests (photos.test.ts).
        const json = Buffer.isBuffer(valid.payload) ? {} : (valid.payload ?? {});
        for (const leaf of leafPaths(json)) {
          const payload = replaceAt(valid.payload, leaf, value);
          const res = await app.inject({
            method: route.method,
            url: valid.url,
            headers,
            payload: payload as object,
          });
          expectNeverA500(res, `${route.method} ${path} ${leaf.join(".")}`);
        }
        const query = new URLSearchParams(search);
        for (const key of [...query.keys()]) {
          const bent = new URLSearchParams(query);
          bent.set(key, typeof value === "string" ? value : JSON.stringify(value).slice(0, 100_000));
          const res = await app.inject({ method: route.method, url: `${path}?${bent}`, headers });
          expectNeverA500(res, `${route.method} ${path} ?${key}`);
        }
      }
    },
  );

  it.each([...ROUTES, ...AUTH_ROUTES].map((r) => [`${r.method} ${r.pattern}`, r] as const))(
    "%s answers bad bodies, queries and params with problems, never a 500",
    async (_, route) => {
      const valid = await route.request(scene, { store: db.store, app });
      const paramNames = [...route.pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.option(segment, { nil: undefined }), {
            minLength: paramNames.length,
            maxLength: paramNames.length,
          }),
          fc.option(query, { nil: undefined }),
          bodyFor(valid.payload ?? {}),
          fc.constantFrom<ActorName>("admin", "patient:self", "provider", "anonymous"),
          async (params, q, body, actor) => {
            // Each parameter is either fuzzed or kept from the valid request; same for the query.
            const validPath = valid.url.split("?")[0] as string;
            const validSegments = validPath.split("/");
            const patternSegments = route.pattern.split("/");
            const path = patternSegments
              .map((part, i) => {
                const name = /^\{(\w+)\}$/.exec(part)?.[1];
                if (name === undefined) return part;
                const fuzzed = params[paramNames.indexOf(name)];
                return fuzzed === undefined ? validSegments[i] : encodeURIComponent(fuzzed);
              })
              .join("/");
            const search =
              q === undefined
                ? (valid.url.split("?")[1] ?? "")
                : new URLSearchParams(
                    Object.entries(q).flatMap(([k, v]) =>
                      Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]],
                    ),
                  ).toString();
            const url = search === "" ? path : `${path}?${search}`;
            const headers: Record<string, string> = { ...headersOf(scene, actor) };
            const res =
              route.method === "GET" || route.method === "DELETE"
                ? await app.inject({ method: route.method, url, headers })
                : body.kind === "json"
                  ? await app.inject({
                      method: route.method,
                      url,
                      headers: { ...headers, "content-type": "application/json" },
                      payload: JSON.stringify(body.value) ?? "null",
                    })
                  : await app.inject({
                      method: route.method,
                      url,
                      headers: { ...headers, "content-type": body.contentType },
                      payload: body.text,
                    });
            expectNeverA500(res, `${route.method} ${url} as ${actor}`);
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    },
  );
});
