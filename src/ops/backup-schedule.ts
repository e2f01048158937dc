import { mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../domain/time/clock.js";
import { type BackupManifest, backupSqlite, describeSqliteFile, pruneBackups } from "../store/backup.js";

/** Scheduled backups are named `regimen-<UTC time>.db`; names sort by time, so pruning keeps the newest. */
const PREFIX = "regimen-";

export function backupFileName(createdAt: string): string {
  // Colons are not allowed in Windows file names and confuse scp; the instant stays readable.
  return `${PREFIX}${createdAt.replace(/\.\d+/, "").replaceAll(":", "-")}.db`;
}

export interface BackupScheduleOptions {
  databasePath: string;
  dir: string;
  intervalHours: number;
  keep: number;
  clock: Clock;
  /** One line per backup made or failed, for the server's output. */
  say(line: string): void;
}

export interface BackupSchedule {
  /** Makes one backup now (verified, then older ones pruned). */
  runOnce(): Promise<BackupManifest>;
  stop(): Promise<void>;
}

/**
 * The running server's own backups: every `intervalHours`, an online copy into `dir`, opened again
 * and checked with `integrity_check` before it counts, then all but the newest `keep` deleted. A
 * failed backup is reported and retried at the next interval; it never stops the server.
 */
export function startBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  const intervalMs = options.intervalHours * 3_600_000;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const runOnce = async () => {
    await mkdir(options.dir, { recursive: true });
    const createdAt = options.clock.now().toString();
    const path = join(options.dir, backupFileName(createdAt));
    const manifest = await backupSqlite(options.databasePath, path, { createdAt });
    // Verified from the file on disk, as a restore would read it.
    describeSqliteFile(path);
    const pruned = await pruneBackups(options.dir, PREFIX, options.keep);
    options.say(
      `Backup ${path} written and verified (${manifest.bytes} bytes)${pruned.length > 0 ? `; removed ${pruned.length} older` : ""}`,
    );
    return manifest;
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) =>
          options.say(`Scheduled backup failed (retried in ${options.intervalHours} h): ${String(error)}`),
        )
        .finally(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  };
  // A server restarted more often than the interval must still back up: the first round comes
  // when the newest backup in the folder is one interval old (at once when there is none).
  running = newestBackupAgeMs(options.dir, options.clock).then((age) =>
    schedule(Math.max(0, intervalMs - age)),
  );
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

async function newestBackupAgeMs(dir: string, clock: Clock): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.startsWith(PREFIX) && name.endsWith(".db"));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  let newest = Number.NEGATIVE_INFINITY;
  for (const name of names) newest = Math.max(newest, (await stat(join(dir, name))).mtimeMs);
  return clock.now().epochMilliseconds - newest;
}
