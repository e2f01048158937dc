import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * A running server marks the SQLite file it has open with a small file beside it,
 * `<database>.server-<pid>.lock`, holding its pid and start time. One file per server process:
 * several servers may share one database (SQLite serialises their writes), and each removes its
 * own file when it stops. Restore and copy-database look for a file whose process is still alive
 * and refuse while there is one; a file left by a killed server names a dead pid and is ignored.
 */
export interface ServerLock {
  readonly path: string;
  release(): void;
}

export interface LockHolder {
  pid: number;
  startedAt: string;
  /** The lock file, for the message that names it. */
  path: string;
}

const SUFFIX = ".lock";

function prefixOf(databasePath: string): string {
  return `${basename(databasePath)}.server-`;
}

export function acquireServerLock(databasePath: string, startedAt: string, pid = process.pid): ServerLock {
  const path = join(dirname(resolve(databasePath)), `${prefixOf(databasePath)}${pid}${SUFFIX}`);
  writeFileSync(path, `${JSON.stringify({ pid, startedAt })}\n`);
  return {
    path,
    release: () => rmSync(path, { force: true }),
  };
}

/** The live servers that have this database open (their stale lock files are removed on the way). */
export function liveServersOf(databasePath: string): LockHolder[] {
  const dir = dirname(resolve(databasePath));
  const prefix = prefixOf(databasePath);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const live: LockHolder[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(SUFFIX)) continue;
    const path = join(dir, name);
    const holder = readHolder(path);
    if (holder !== undefined && isAlive(holder.pid)) live.push(holder);
    else rmSync(path, { force: true });
  }
  return live;
}

/** Throws the message an operator needs when a server still has the database open. */
export function refuseWhileServed(databasePath: string, what: string): void {
  const [holder] = liveServersOf(databasePath);
  if (holder === undefined) return;
  throw new Error(
    `refusing to ${what}: a Regimen server (pid ${holder.pid}, started ${holder.startedAt}) has ${databasePath} open; stop it first (lock file ${holder.path})`,
  );
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { pid?: unknown; startedAt?: unknown };
    if (typeof parsed.pid !== "number" || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return { pid: parsed.pid, startedAt: String(parsed.startedAt), path };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    // Signal 0 checks that the process exists without touching it; EPERM means it exists but
    // belongs to another user, which still counts as running.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
