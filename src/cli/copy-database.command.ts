import { existsSync } from "node:fs";
import { loadConfig } from "../config.js";
import { type ProgressSink, startProgress } from "../ops/progress.js";
import { refuseWhileServed } from "../ops/server-lock.js";
import { copySqliteToPostgres } from "../store/copy-database.js";
import { openDatabase } from "../store/database.js";
import { parseDatabaseUrl } from "../store/database-url.js";
import { systemClock } from "../system-clock.js";
import { UsageError } from "./usage-error.js";

export const COPY_DATABASE_USAGE = "regimen copy-database --to postgres://…[?schema=name]";

const stderr: ProgressSink = {
  write: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
};

/**
 * `regimen copy-database --to postgres://…`: moves a clinic from the SQLite file (DATABASE_URL)
 * to an empty PostgreSQL database, with the server stopped. Prints one line per table and a total.
 */
export async function runCopyDatabaseCommand(args: string[]): Promise<string> {
  if (args.length !== 2 || args[0] !== "--to") throw new UsageError(`usage: ${COPY_DATABASE_USAGE}`);
  const to = args[1] as string;
  let target: ReturnType<typeof parseDatabaseUrl>;
  try {
    target = parseDatabaseUrl(to);
  } catch (error) {
    throw new UsageError(`--to: ${(error as Error).message}`);
  }
  if (target.dialect !== "postgres") throw new UsageError("--to: must be a postgres:// or postgresql:// URL");
  const source = parseDatabaseUrl(loadConfig().databaseUrl);
  if (source.dialect !== "sqlite" || source.path === ":memory:") {
    throw new UsageError("DATABASE_URL must name the SQLite file to copy from (file:…)");
  }
  if (!existsSync(source.path)) throw new UsageError(`DATABASE_URL: no such file ${source.path}`);
  refuseWhileServed(source.path, `copy ${source.path}`);

  const store = await openDatabase(to, { maxConnections: 2 });
  try {
    const progress = startProgress({
      label: "copy",
      unit: "rows",
      total: 0,
      clock: systemClock,
      sink: stderr,
    });
    const tables = await copySqliteToPostgres(source.path, store, {
      onProgress: (done, total) => progress.update(done, total),
    });
    const rows = tables.reduce((sum, table) => sum + table.rows, 0);
    progress.finish(
      `${rows} rows in ${tables.length} tables copied and verified (counts and checksums match)`,
    );
    const width = Math.max(...tables.map((table) => table.table.length));
    const lines = tables.map(
      (table) =>
        `${table.table.padEnd(width)}  ${String(table.rows).padStart(8)}  ${table.checksum.slice(0, 16)}`,
    );
    return `${lines.join("\n")}\ncopied ${rows} rows into ${store.dialect} schema ${store.schema}; point DATABASE_URL at it and start the server\n`;
  } finally {
    await store.close();
  }
}
