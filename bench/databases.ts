import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { loadConfig } from "../src/config.js";
import { type DialectName, openDatabase, type Store } from "../src/store/database.js";
import { migrateToLatest } from "../src/store/migrate.js";
import { progress } from "./harness.js";

/** Where the PostgreSQL half runs; the bench works in a fresh schema there and drops it after. */
export function benchPostgresUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ||
    process.env.TEST_DATABASE_URL ||
    "postgres://postgres@127.0.0.1:5432/test"
  );
}

export interface BenchDatabase {
  readonly dialect: DialectName;
  readonly store: Store;
  /** The DATABASE_URL a server process needs to open this same database. */
  readonly serverUrl: string;
  /** Closes the store and removes the temp file or the schema; safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * A migrated, empty database the same way the app opens one (same pragmas, same pool): a temp
 * SQLite file, or a `bench_<random>` schema in PostgreSQL.
 */
export async function openBenchDatabase(dialect: DialectName): Promise<BenchDatabase> {
  return dialect === "sqlite" ? openSqliteBench() : openPostgresBench();
}

async function openSqliteBench(): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), "regimen-bench-"));
  let store: Store | undefined;
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  };
  const url = `file:${join(dir, "bench.db")}`;
  try {
    // As the server would open it: SQLITE_SYNCHRONOUS=normal relaxes the default FULL.
    const { sqliteSynchronous } = loadConfig();
    progress(`sqlite: synchronous = ${sqliteSynchronous}`);
    store = await openDatabase(url, { sqliteSynchronous });
    await migrateToLatest(store);
    return { dialect: "sqlite", store, serverUrl: url, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function openPostgresBench(): Promise<BenchDatabase> {
  const url = benchPostgresUrl();
  const schema = `bench_${randomBytes(8).toString("hex")}`;
  const store = await openDatabase(url, { schema });
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    // The pool first (it lets open transactions finish): a DROP queued behind the bench's own
    // transactions, interrupted mid-run, would block their next statements and deadlock.
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  };
  try {
    await sql`create schema ${sql.id(schema)}`.execute(store.db);
    await migrateToLatest(store);
    const serverUrl = new URL(url);
    serverUrl.searchParams.set("schema", schema);
    return { dialect: "postgres", store, serverUrl: serverUrl.toString(), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
