import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { assertSchemaName, parseDatabaseUrl } from "./database-url.js";
import { createOutboxIdSource, type OutboxIdSource } from "./outbox.repository.js";
import { pipelinedClient } from "./pipelined-client.js";
import { SchemaScopedPostgresDialect } from "./postgres-dialect.js";
import { preparingClient, StatementNames } from "./prepared-statements.js";
import type { Database } from "./schema.js";

export type DialectName = "sqlite" | "postgres";

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** PostgreSQL only: the schema first on `search_path` (where tables and migrations live). */
  readonly schema: string | undefined;
  /** Ids for the outbox events written through this store, in write order. */
  readonly outboxIds: OutboxIdSource;
  /** PostgreSQL only: the connection pool's clients, for the metrics. */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/**
 * When a SQLite commit returns. `full`: after the WAL is synced to disk, so an acknowledged write
 * survives a power cut or an OS crash. `normal`: before that sync (the WAL is synced at checkpoints),
 * so a power cut may lose the last commits, though never corrupt the file; a process crash loses
 * nothing either way. `normal` is faster on slow disks; choose it only when losing the last
 * acknowledged bookings to a power cut is acceptable.
 */
export type SqliteSynchronous = "full" | "normal";

export interface OpenOptions {
  /** PostgreSQL only; wins over `?schema=` in the URL. Tests use it to isolate themselves. */
  schema?: string;
  /** PostgreSQL pool size. */
  maxConnections?: number;
  /** SQLite only; `full` unless told otherwise (see `SqliteSynchronous`). */
  sqliteSynchronous?: SqliteSynchronous;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Store> {
  const location = parseDatabaseUrl(url);
  if (location.dialect === "sqlite") return openSqlite(location.path, options.sqliteSynchronous ?? "full");
  const schema = options.schema ?? location.schema;
  if (schema !== undefined) assertSchemaName(schema);
  return openPostgres(location.connectionString, schema, options.maxConnections ?? 10);
}

function openSqlite(path: string, synchronous: SqliteSynchronous): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // WAL lets readers run beside the single writer; `synchronous` says when a commit is durable (see
  // SqliteSynchronous). busy_timeout makes a second process wait for the write lock instead of
  // failing at once.
  database.pragma("journal_mode = WAL");
  database.pragma(synchronous === "full" ? "synchronous = FULL" : "synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  // Each write of a shared commit runs in a savepoint (see SqliteGroupCommit), and SQLite keeps
  // the pages a savepoint changes, to undo them, in a temporary file by default: a syscall for
  // every page, some of which stalled for 10 ms behind the log's flush. In memory instead. Those
  // copies only ever serve a rollback inside an open transaction, so durability does not change.
  database.pragma("temp_store = MEMORY");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return {
    db,
    dialect: "sqlite",
    schema: undefined,
    outboxIds: createOutboxIdSource(),
    close: () => db.destroy(),
  };
}

/** Prepared statements kept; the repositories' queries are a few hundred distinct texts. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query afresh (~10-20 µs each, and a booking runs 22).
 * Reusing a prepared statement is safe here: Kysely runs one query at a time on its single
 * connection, so no statement is ever stepped by two queries at once.
 */
function withStatementCache(database: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Values the repositories decode themselves, so both dialects hand them the same thing:
 * JSON as text (pg would parse it, SQLite cannot) and timestamptz as text (no lossy `Date`).
 */
const RAW_TEXT_OIDS = new Set([
  114, // json
  3802, // jsonb
  1184, // timestamptz
]);

const rawText = (value: string) => value;

async function openPostgres(connectionString: string, schema: string | undefined, max: number) {
  // UTC and ISO make timestamptz text predictable (`2026-12-10 14:00:00+00`). `public` stays on the
  // path because btree_gist's operator classes live there.
  const settings = ["-c TimeZone=UTC", "-c DateStyle=ISO"];
  if (schema !== undefined) settings.push(`-c search_path=${schema},public`);
  const pool = new pg.Pool({
    Client: pipelinedClient(preparingClient(new StatementNames())),
    // A statement goes out without waiting for the answer to the one before, so a transaction's
    // held BEGIN and trailing writes travel with its next statement (see `HoldingDriver`). Kysely
    // still awaits each of its own statements. Cursors (Kysely's `stream()`) refuse to run in
    // this mode; nothing here streams.
    pipeline: true,
    connectionString,
    max,
    options: settings.join(" "),
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        RAW_TEXT_OIDS.has(oid)
          ? rawText
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server emits here; without a listener the process would crash.
  // The pool drops that client and the next query opens a fresh one.
  pool.on("error", () => {});
  // Without an explicit schema the default search_path puts tables in public.
  const scope = schema ?? "public";
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }, scope) });
  try {
    // Fail at start-up, not at the first request.
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect: "postgres",
    schema: scope,
    outboxIds: createOutboxIdSource(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  } satisfies Store;
}
