import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadConfig } from "../config.js";
import { backupFileName } from "../ops/backup-schedule.js";
import { type ProgressSink, startProgress } from "../ops/progress.js";
import { refuseWhileServed } from "../ops/server-lock.js";
import { backupSqlite, restoreSqlite } from "../store/backup.js";
import { parseDatabaseUrl } from "../store/database-url.js";
import { systemClock } from "../system-clock.js";
import { UsageError } from "./usage-error.js";

export const BACKUP_USAGE = "regimen backup [--out FILE]";
export const RESTORE_USAGE = "regimen restore FILE [--to DATABASE_URL]";

/** PostgreSQL has its own tools for this; a second, weaker copy of them here would only mislead. */
const POSTGRES_ADVICE =
  'on PostgreSQL, back up with pg_dump (pg_dump -Fc -f regimen.dump "$DATABASE_URL") and restore with pg_restore, or use your provider\'s point-in-time recovery';

const stderr: ProgressSink = {
  write: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
};

/**
 * `regimen backup [--out FILE]`: an online copy of the SQLite database, safe while the server runs,
 * with its manifest beside it. Without `--out`, a time-stamped file in BACKUP_DIR.
 */
export async function runBackupCommand(args: string[]): Promise<string> {
  const options = parseOptions(args, ["--out"], 0, BACKUP_USAGE);
  const config = loadConfig();
  const location = parseDatabaseUrl(config.databaseUrl);
  if (location.dialect !== "sqlite")
    throw new Error(`regimen backup works on SQLite only: ${POSTGRES_ADVICE}`);
  const createdAt = systemClock.now().toString();
  let out = options.flags["--out"];
  if (out === undefined) {
    mkdirSync(config.backupDir, { recursive: true });
    out = join(config.backupDir, backupFileName(createdAt));
  }
  const progress = startProgress({
    label: "backup",
    unit: "pages",
    total: 0,
    clock: systemClock,
    sink: stderr,
  });
  const manifest = await backupSqlite(location.path, resolve(out), {
    createdAt,
    onProgress: (done, total) => progress.update(done, total),
  });
  const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
  progress.finish(`${out}: ${manifest.bytes} bytes, ${rows} rows, integrity ok`);
  return `${resolve(out)}\nschema ${manifest.schemaVersion ?? "(empty)"}, sha256 ${manifest.sha256}\n`;
}

/**
 * `regimen restore FILE [--to DATABASE_URL]`: replaces the database (DATABASE_URL's, or --to's)
 * with a backup. Refuses while a server has that database open, and refuses a backup taken by a
 * newer Regimen.
 */
export async function runRestoreCommand(args: string[]): Promise<string> {
  const options = parseOptions(args, ["--to"], 1, RESTORE_USAGE);
  const [file] = options.positional as [string];
  const url = options.flags["--to"] ?? loadConfig().databaseUrl;
  let location: ReturnType<typeof parseDatabaseUrl>;
  try {
    location = parseDatabaseUrl(url);
  } catch (error) {
    throw new UsageError(`--to: ${(error as Error).message}`);
  }
  if (location.dialect !== "sqlite")
    throw new Error(`regimen restore works on SQLite only: ${POSTGRES_ADVICE}`);
  if (location.path === ":memory:")
    throw new UsageError("--to: an in-memory database cannot be restored into");
  refuseWhileServed(location.path, `restore into ${location.path}`);
  const progress = startProgress({
    label: "restore",
    unit: "bytes",
    total: 0,
    clock: systemClock,
    sink: stderr,
  });
  const restored = await restoreSqlite(resolve(file), location.path, {
    onProgress: (done, total) => progress.update(done, total),
  });
  const rows = Object.values(restored.tables).reduce((sum, n) => sum + n, 0);
  progress.finish(`${file} → ${location.path}: ${rows} rows, schema ${restored.schemaVersion ?? "(empty)"}`);
  return `restored ${location.path} from ${file}\n`;
}

function parseOptions(args: string[], known: string[], positionals: number, usage: string) {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith("--")) {
      const value = args[i + 1];
      if (!known.includes(arg) || value === undefined) throw new UsageError(`usage: ${usage}`);
      flags[arg] = value;
      i++;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== positionals) throw new UsageError(`usage: ${usage}`);
  return { flags, positional };
}
