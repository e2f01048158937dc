import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import SqliteDatabase from "better-sqlite3";
import { migrationProvider } from "./migrations/index.js";

/** What is written beside every backup, as `<backup>.manifest.json`. */
export interface BackupManifest {
  /** The backup file's name (the manifest sits beside it). */
  file: string;
  createdAt: string;
  dialect: "sqlite";
  /** The last migration applied to the backed-up database. */
  schemaVersion: string | null;
  bytes: number;
  sha256: string;
  /** Rows per table at the moment of the backup. */
  tables: Record<string, number>;
}

export type BackupProgress = (done: number, total: number) => void;

/** Pages copied per step: large steps finish sooner when writers keep restarting the copy. */
const PAGES_PER_STEP = 4096;
const MAX_RESTARTS = 3;
/** The largest step better-sqlite3 passes on: everything that is left. */
const ALL_PAGES = 0x7fffffff;

export function manifestPathOf(backupPath: string): string {
  return `${backupPath}.manifest.json`;
}

/**
 * A consistent copy of a live SQLite database, through SQLite's online backup API on a connection
 * of its own (never a file copy, which could catch a half-written page or miss the WAL). The copy
 * is made under a temporary name, switched out of WAL mode so it is one self-contained file,
 * checked with `integrity_check`, synced to disk and only then renamed into place; the manifest
 * follows the same way. A crash at any point leaves either no backup or a whole one.
 */
export async function backupSqlite(
  sourcePath: string,
  destinationPath: string,
  options: { createdAt: string; onProgress?: BackupProgress },
): Promise<BackupManifest> {
  const temporary = join(dirname(destinationPath), `.${basename(destinationPath)}.partial`);
  await rm(temporary, { force: true });
  const source = new SqliteDatabase(sourcePath, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    let lastRemaining = Number.POSITIVE_INFINITY;
    let restarts = 0;
    await source.backup(temporary, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.(totalPages - remainingPages, totalPages);
        // A write through another connection between two steps starts the copy over. Under
        // steady writes a stepped copy might never finish, so after a few restarts the rest is
        // copied in one step (a read transaction, which in WAL mode blocks no writer).
        if (remainingPages > lastRemaining) restarts++;
        lastRemaining = remainingPages;
        return restarts >= MAX_RESTARTS ? ALL_PAGES : PAGES_PER_STEP;
      },
    });
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    source.close();
  }
  try {
    const described = describeSqliteFile(temporary, { toRollbackJournal: true });
    await syncFile(temporary);
    await rename(temporary, destinationPath);
    await syncDirectory(dirname(destinationPath));
    const { size } = await stat(destinationPath);
    const manifest: BackupManifest = {
      file: basename(destinationPath),
      createdAt: options.createdAt,
      dialect: "sqlite",
      schemaVersion: described.schemaVersion,
      bytes: size,
      sha256: await sha256Of(destinationPath),
      tables: described.tables,
    };
    await writeAtomically(manifestPathOf(destinationPath), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await rm(temporary, { force: true });
  }
}

export interface SqliteFileDescription {
  schemaVersion: string | null;
  /** Every migration the file records as applied, in order. */
  migrations: string[];
  tables: Record<string, number>;
}

/**
 * Opens a database file, runs `integrity_check` (throwing unless it answers ok), and reads its
 * migrations and row counts. `toRollbackJournal` turns a fresh copy's WAL mode off, so the file
 * carries no `-wal` companion.
 */
export function describeSqliteFile(
  path: string,
  options: { toRollbackJournal?: boolean } = {},
): SqliteFileDescription {
  const database = new SqliteDatabase(path, { fileMustExist: true, readonly: !options.toRollbackJournal });
  try {
    if (options.toRollbackJournal) database.pragma("journal_mode = DELETE");
    const integrity = database.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`integrity_check failed on ${path}: ${String(integrity)}`);
    const tableNames = (
      database
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
    const tables: Record<string, number> = {};
    for (const name of tableNames) {
      const row = database.prepare(`select count(*) as n from "${name.replaceAll('"', '""')}"`).get() as {
        n: number;
      };
      tables[name] = row.n;
    }
    const migrations = tableNames.includes("kysely_migration")
      ? (database.prepare("select name from kysely_migration order by name").all() as { name: string }[]).map(
          (row) => row.name,
        )
      : [];
    return { schemaVersion: migrations.at(-1) ?? null, migrations, tables };
  } finally {
    database.close();
  }
}

/** The migrations this build of Regimen knows, in the order they run. */
export async function knownMigrationNames(): Promise<string[]> {
  return Object.keys(await migrationProvider("sqlite").getMigrations()).sort();
}

/**
 * Replaces the database at `targetPath` with a backup, atomically: the backup is checked (its
 * manifest's SHA-256 if there is one, `integrity_check`, and its schema: a backup that recorded a
 * migration this build does not know comes from a newer Regimen and is refused), copied beside the
 * target under a temporary name, synced, and renamed over it. The target's old `-wal` and `-shm`
 * files are removed first: SQLite would otherwise replay the old database's log into the new file.
 * The caller makes sure no server has the target open.
 */
export async function restoreSqlite(
  backupPath: string,
  targetPath: string,
  options: { onProgress?: BackupProgress } = {},
): Promise<SqliteFileDescription> {
  const manifest = await readManifest(backupPath);
  if (manifest !== undefined) {
    const actual = await sha256Of(backupPath);
    if (actual !== manifest.sha256) {
      throw new Error(
        `${backupPath} does not match its manifest (SHA-256 ${actual}, manifest says ${manifest.sha256}): the file is damaged or not the one the manifest describes`,
      );
    }
  }
  const described = describeSqliteFile(backupPath);
  const known = new Set(await knownMigrationNames());
  const unknown = described.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `refusing to restore ${backupPath}: it comes from a newer version of Regimen (migration ${unknown.join(", ")} is unknown to this one); upgrade Regimen, then restore`,
    );
  }
  await mkdir(dirname(targetPath), { recursive: true });
  const temporary = join(dirname(targetPath), `.${basename(targetPath)}.restoring`);
  try {
    await copyWithProgress(backupPath, temporary, options.onProgress);
    await syncFile(temporary);
    await rm(`${targetPath}-wal`, { force: true });
    await rm(`${targetPath}-shm`, { force: true });
    await rename(temporary, targetPath);
    await syncDirectory(dirname(targetPath));
  } finally {
    await rm(temporary, { force: true });
  }
  return described;
}

export async function readManifest(backupPath: string): Promise<BackupManifest | undefined> {
  try {
    return JSON.parse(await readFile(manifestPathOf(backupPath), "utf8")) as BackupManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read the manifest of ${backupPath}: ${String(error)}`, { cause: error });
  }
}

/**
 * Keeps the newest `keep` backups named `<prefix>….db` in `dir` (names sort by time) and deletes
 * the rest with their manifests; returns the names deleted.
 */
export async function pruneBackups(dir: string, prefix: string, keep: number): Promise<string[]> {
  const backups = (await readdir(dir))
    .filter((name) => name.startsWith(prefix) && name.endsWith(".db"))
    .sort();
  const doomed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const name of doomed) {
    await rm(join(dir, name), { force: true });
    await rm(manifestPathOf(join(dir, name)), { force: true });
  }
  return doomed;
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function copyWithProgress(from: string, to: string, onProgress?: BackupProgress): Promise<void> {
  const { size } = await stat(from);
  let done = 0;
  const input = createReadStream(from);
  input.on("data", (chunk) => {
    done += chunk.length;
    onProgress?.(done, size);
  });
  await pipeline(input, createWriteStream(to));
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.partial`);
  await writeFile(temporary, text);
  await syncFile(temporary);
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A rename is durable only once the directory that records it is synced. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself has still happened.
  } finally {
    await handle.close();
  }
}
