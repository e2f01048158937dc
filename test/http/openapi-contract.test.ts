import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Store } from "../../src/store/database.js";
import { testApp } from "./harness.js";

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
}

interface Document {
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  components: { securitySchemes: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

/** What generated clients rely on; the document does not depend on the data, so one empty store serves. */
describe("the OpenAPI contract", () => {
  let store: Store;
  let app: FastifyInstance;
  let document: Document;
  const operations: { name: string; operation: Operation }[] = [];

  beforeAll(async () => {
    store = await openDatabase("file::memory:");
    app = testApp(store);
    await app.ready();
    document = (await app.inject({ url: "/api/openapi.json" })).json();
    for (const [path, ops] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(ops)) {
        operations.push({ name: `${method.toUpperCase()} ${path}`, operation });
      }
    }
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("gives every operation an operationId, camelCase and unique (clients are generated from it)", () => {
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations
      .filter(({ operation }) => operation.operationId === undefined)
      .map((o) => o.name);
    expect(missing, "operations without an operationId").toEqual([]);
    const notCamel = operations
      .filter(({ operation }) => !/^[a-z][a-zA-Z0-9]*$/.test(operation.operationId ?? ""))
      .map(({ name, operation }) => `${name}: ${operation.operationId}`);
    expect(notCamel, "operationIds that are not camelCase").toEqual([]);
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { name, operation } of operations) {
      const id = operation.operationId;
      if (id === undefined) continue;
      const first = seen.get(id);
      if (first !== undefined) duplicates.push(`${id}: ${first} and ${name}`);
      else seen.set(id, name);
    }
    expect(duplicates, "operationIds used twice").toEqual([]);
  });

  it("names its server, relative to wherever the document is served", () => {
    expect(document.servers).toEqual([{ url: "/" }]);
  });

  it("asks for the session cookie unless an operation is public (security: [])", () => {
    expect(Object.keys(document.components.securitySchemes)).toEqual(["sessionCookie"]);
    expect(document.security).toEqual([{ sessionCookie: [] }]);
    const unknownSchemes = operations
      .filter(({ operation }) =>
        (operation.security ?? []).some((requirement) =>
          Object.keys(requirement).some((scheme) => !(scheme in document.components.securitySchemes)),
        ),
      )
      .map((o) => o.name);
    expect(unknownSchemes).toEqual([]);
  });
});
