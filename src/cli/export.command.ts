import { createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { loadConfig } from "../config.js";
import { type ProgressSink, startProgress } from "../ops/progress.js";
import { exportClinicFromCommandLine } from "../services/ops/export.service.js";
import { openDatabase } from "../store/database.js";
import { systemClock } from "../system-clock.js";
import { UsageError } from "./usage-error.js";

export const EXPORT_USAGE = "regimen export --clinic <slug> [--out FILE.zip]";

const stderr: ProgressSink = {
  write: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
};

/**
 * `regimen export --clinic <slug>`: the clinic's data as the admin's download gives it (a zip of
 * CSV files and clinic.json), written to a file under a temporary name and renamed when whole.
 * Audited as the command line's.
 */
export async function runExportCommand(args: string[]): Promise<string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i] as string, args[i + 1]];
    if ((flag !== "--clinic" && flag !== "--out") || value === undefined)
      throw new UsageError(`usage: ${EXPORT_USAGE}`);
    flags[flag] = value;
  }
  const slug = flags["--clinic"];
  if (slug === undefined) throw new UsageError(`usage: ${EXPORT_USAGE}`);
  const config = loadConfig();
  const store = await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  try {
    const progress = startProgress({
      label: "export",
      unit: "rows",
      total: 0,
      clock: systemClock,
      sink: stderr,
    });
    const result = await exportClinicFromCommandLine({ store, clock: systemClock }, slug, (done, total) =>
      progress.update(done, total),
    );
    const out = resolve(flags["--out"] ?? result.filename);
    const temporary = join(dirname(out), `.${basename(out)}.partial`);
    try {
      await pipeline(result.stream, createWriteStream(temporary));
      const handle = await open(temporary, "r+");
      await handle.sync();
      await handle.close();
      await rename(temporary, out);
    } finally {
      await rm(temporary, { force: true });
    }
    progress.finish(`${result.rows} rows of ${slug} written to ${out}`);
    return `${out}\n`;
  } finally {
    await store.close();
  }
}
