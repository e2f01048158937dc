import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { type DialectName, openDatabase, type Store } from "../src/store/database.js";
import { migrateToLatest } from "../src/store/migrate.js";
import {
  ensureBtreeGist,
  isCi,
  type PostgresProbe,
  probePostgres,
  testDatabaseUrl,
  unavailableMessage,
} from "./postgres.js";

export interface TestDatabase {
  readonly dialect: DialectName;
  /** The suite's own store; read it inside hooks and tests (it opens in `beforeAll`). */
  readonly store: Store;
  /** How another process opens the same database: `openDatabase(url, { schema })`. */
  readonly url: string;
  readonly schema: string | undefined;
}

export interface EachDatabaseOptions {
  /** Migrate to latest before the suite (default true); migration tests start from nothing. */
  migrate?: boolean;
}

// Set by test/global-setup.ts; probing here keeps the harness usable without it.
const postgres: PostgresProbe = inject("postgres") ?? (await probeAndPrepare());

async function probeAndPrepare(): Promise<PostgresProbe> {
  const probe = await probePostgres(testDatabaseUrl());
  if (probe.available) await ensureBtreeGist(probe.url);
  return probe;
}

/**
 * Declares the same suite twice: on SQLite (a fresh temp file) and on PostgreSQL (a fresh schema,
 * dropped afterwards). PostgreSQL unreachable: the PG suite fails under CI=true, is skipped otherwise.
 */
export function describeEachDatabase(
  title: string,
  body: (db: TestDatabase) => void,
  options: EachDatabaseOptions = {},
): void {
  const migrate = options.migrate ?? true;

  describe(`${title} [sqlite]`, () => {
    let dir: string | undefined;
    const ctx = lazyContext("sqlite");
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "regimen-test-"));
      const url = `file:${join(dir, "test.db")}`;
      ctx.set(await openDatabase(url), url);
      if (migrate) await migrateToLatest(ctx.store);
    });
    afterAll(async () => {
      await ctx.current?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });
    body(ctx);
  });

  if (!postgres.available && !isCi()) {
    describe.skip(`${title} [postgres] (unreachable)`, () => body(lazyContext("postgres")));
    return;
  }

  describe(`${title} [postgres]`, () => {
    const schema = `test_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
    const ctx = lazyContext("postgres");
    beforeAll(async () => {
      if (!postgres.available) throw new Error(`CI=true: ${unavailableMessage(postgres)}`);
      const store = await openDatabase(postgres.url, { schema, maxConnections: 4 });
      ctx.set(store, postgres.url);
      await sql`create schema ${sql.id(schema)}`.execute(store.db);
      if (migrate) await migrateToLatest(store);
    });
    afterAll(async () => {
      const store = ctx.current;
      if (!store) return;
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      } finally {
        await store.close();
      }
    });
    body(ctx);
  });
}

function lazyContext(dialect: DialectName) {
  let current: Store | undefined;
  let currentUrl: string | undefined;
  return {
    dialect,
    get current() {
      return current;
    },
    get store(): Store {
      if (!current)
        throw new Error("The test store opens in beforeAll; read ctx.store inside hooks or tests");
      return current;
    },
    get url(): string {
      if (!currentUrl)
        throw new Error("The test store opens in beforeAll; read ctx.url inside hooks or tests");
      return currentUrl;
    },
    get schema(): string | undefined {
      return current?.schema;
    },
    set(store: Store, url: string) {
      current = store;
      currentUrl = url;
    },
  };
}

/**
 * A second store on the suite's own database (on PostgreSQL, its schema) with one connection, so
 * each statement and transaction meets the connection the last one used. Closed afterwards.
 */
export async function withOneConnection<T>(db: TestDatabase, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openDatabase(db.url, { schema: db.schema, maxConnections: 1 });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
