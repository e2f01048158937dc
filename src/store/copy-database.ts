import { createHash } from "node:crypto";
import SqliteDatabase from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import { fromDbInstant } from "./codec.js";
import type { Store } from "./database.js";
import { migrateToLatest } from "./migrate.js";
import type { Database } from "./schema.js";

/** Kysely's own bookkeeping: the target writes its own while it is migrated. */
const SKIPPED_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);

/** PostgreSQL takes at most 65,535 parameters a statement; batches stay well below. */
const MAX_PARAMETERS = 30_000;
const MAX_BATCH_ROWS = 1000;

export interface TableCopy {
  table: string;
  rows: number;
  /** SHA-256 over the table's rows, computed the same way on both sides (see `rowChecksum`). */
  checksum: string;
}

export type CopyProgress = (done: number, total: number) => void;

interface TableShape {
  name: string;
  columns: string[];
  /** Tables this one references, which must be copied first. */
  references: string[];
}

/**
 * Copies every table of a SQLite file into an empty PostgreSQL database (migrated here to the same
 * schema version first), in one transaction: a failure leaves the target as empty as it was. Rows
 * go over in multi-row inserts, tables in foreign-key order. Afterwards each table's count and
 * checksum are read back from the target and compared with the source's; any difference fails the
 * copy (and rolls it back).
 */
export async function copySqliteToPostgres(
  sourcePath: string,
  target: Store,
  options: { onProgress?: CopyProgress } = {},
): Promise<TableCopy[]> {
  if (target.dialect !== "postgres") throw new Error("the target of a copy must be PostgreSQL");
  const source = new SqliteDatabase(sourcePath, { readonly: true, fileMustExist: true });
  try {
    const tables = orderByReferences(shapesOf(source));
    const sourceMigrations = migrationsOf(source);
    await refuseNonEmpty(target, tables);
    await migrateToLatest(target);
    const targetMigrations = (
      await sql<{ name: string }>`select name from kysely_migration order by name`.execute(target.db)
    ).rows.map((row) => row.name);
    if (sourceMigrations.join() !== targetMigrations.join()) {
      const missing = targetMigrations.filter((name) => !sourceMigrations.includes(name));
      throw new Error(
        missing.length > 0
          ? `the SQLite database lacks migrations ${missing.join(", ")}: run regimen migrate on it first`
          : "the SQLite database has migrations this version of Regimen does not know: upgrade Regimen first",
      );
    }
    const types = await postgresColumnTypes(target);
    const total = tables.reduce((sum, table) => sum + countOf(source, table.name), 0);
    let done = 0;
    const results: TableCopy[] = [];
    await target.db.transaction().execute(async (trx) => {
      for (const table of tables) {
        for (const batch of batchesOf(source, table)) {
          await insertRows(trx, table, batch);
          done += batch.length;
          options.onProgress?.(done, total);
        }
      }
      for (const table of tables) {
        const columnTypes = types.get(table.name) ?? new Map<string, string>();
        const expected = checksumOf(
          source.prepare(`select * from ${quoted(table.name)}`).iterate(),
          table,
          columnTypes,
        );
        const copied = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(
          trx,
        );
        const actual = checksumOf(copied.rows, table, columnTypes);
        if (expected.rows !== actual.rows || expected.checksum !== actual.checksum) {
          throw new Error(
            `verification failed for ${table.name}: ${expected.rows} rows (${expected.checksum.slice(0, 12)}) in SQLite, ${actual.rows} (${actual.checksum.slice(0, 12)}) in PostgreSQL`,
          );
        }
        results.push({ table: table.name, rows: expected.rows, checksum: expected.checksum });
      }
    });
    return results;
  } finally {
    source.close();
  }
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function shapesOf(source: SqliteDatabase.Database): TableShape[] {
  const names = (
    source
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as { name: string }[]
  )
    .map((row) => row.name)
    .filter((name) => !SKIPPED_TABLES.has(name));
  return names.map((name) => ({
    name,
    columns: (source.prepare(`pragma table_info(${quoted(name)})`).all() as { name: string }[]).map(
      (column) => column.name,
    ),
    references: [
      ...new Set(
        (source.prepare(`pragma foreign_key_list(${quoted(name)})`).all() as { table: string }[])
          .map((fk) => fk.table)
          .filter((referenced) => referenced !== name),
      ),
    ],
  }));
}

/** Referenced tables first; names break ties, so the order is the same on every run. */
function orderByReferences(tables: TableShape[]): TableShape[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableShape[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: TableShape) => {
    if (state.get(table.name) === "done") return;
    if (state.get(table.name) === "visiting") throw new Error(`foreign keys form a cycle at ${table.name}`);
    state.set(table.name, "visiting");
    for (const name of table.references) {
      const referenced = byName.get(name);
      if (referenced !== undefined) visit(referenced);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

function migrationsOf(source: SqliteDatabase.Database): string[] {
  try {
    return (
      source.prepare("select name from kysely_migration order by name").all() as { name: string }[]
    ).map((row) => row.name);
  } catch {
    return [];
  }
}

function countOf(source: SqliteDatabase.Database, table: string): number {
  return (source.prepare(`select count(*) as n from ${quoted(table)}`).get() as { n: number }).n;
}

async function refuseNonEmpty(target: Store, tables: TableShape[]): Promise<void> {
  for (const table of tables) {
    let rows: number;
    try {
      const result = await sql<{
        n: string | number;
      }>`select count(*) as n from ${sql.table(table.name)}`.execute(target.db);
      rows = Number(result.rows[0]?.n ?? 0);
    } catch {
      // No such table yet: an empty database, which the migrations will build.
      continue;
    }
    if (rows > 0) {
      throw new Error(
        `refusing to copy: the target is not empty (${table.name} has ${rows} rows); copy into an empty database or schema`,
      );
    }
  }
}

function* batchesOf(
  source: SqliteDatabase.Database,
  table: TableShape,
): Generator<Record<string, unknown>[]> {
  const size = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)));
  let batch: Record<string, unknown>[] = [];
  for (const row of source.prepare(`select * from ${quoted(table.name)}`).iterate()) {
    batch.push(row as Record<string, unknown>);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function insertRows(trx: Kysely<Database>, table: TableShape, rows: Record<string, unknown>[]) {
  // The table name comes from the source's own catalogue, not from input; Kysely quotes it.
  // biome-ignore lint/suspicious/noExplicitAny: the tables are only known at run time here.
  await (trx as Kysely<any>).insertInto(table.name).values(rows).execute();
}

async function postgresColumnTypes(target: Store): Promise<Map<string, Map<string, string>>> {
  const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = ${target.schema ?? "public"}`.execute(target.db);
  const types = new Map<string, Map<string, string>>();
  for (const row of rows.rows) {
    let columns = types.get(row.table_name);
    if (columns === undefined) {
      columns = new Map();
      types.set(row.table_name, columns);
    }
    columns.set(row.column_name, row.data_type);
  }
  return types;
}

/**
 * Each row becomes one canonical line (its columns in the table's order, each value normalised by
 * its PostgreSQL type: instants to ISO text, JSON with sorted keys, booleans and numbers as JSON),
 * hashed; the table's checksum hashes those row hashes in sorted order. The two databases return
 * rows in different orders (and sort text differently), so no ORDER BY is trusted.
 */
function checksumOf(
  rows: Iterable<unknown>,
  table: TableShape,
  types: Map<string, string>,
): { rows: number; checksum: string } {
  const digests: string[] = [];
  for (const row of rows) {
    const values = table.columns.map((column) =>
      normalised((row as Record<string, unknown>)[column], types.get(column) ?? "text"),
    );
    digests.push(createHash("sha256").update(JSON.stringify(values)).digest("hex"));
  }
  digests.sort();
  const hash = createHash("sha256");
  for (const digest of digests) hash.update(digest);
  return { rows: digests.length, checksum: hash.digest("hex") };
}

function normalised(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "timestamp with time zone":
      return fromDbInstant(value as string);
    case "jsonb":
    case "json":
      return sortedKeys(JSON.parse(String(value)));
    case "boolean":
      return value === true || value === 1 || value === "1" || value === "t" || value === "true";
    case "integer":
    case "bigint":
    case "smallint":
    case "numeric":
    case "double precision":
    case "real":
      return Number(value);
    default:
      return String(value);
  }
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
