import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { backupFileName, startBackupSchedule } from "../../src/ops/backup-schedule.js";
import { describeSqliteFile } from "../../src/store/backup.js";
import { parseDatabaseUrl } from "../../src/store/database-url.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic } from "../factories.js";
import { movableClock } from "../http/harness.js";

describeEachDatabase("scheduled backups", (ctx) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "regimen-schedule-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("backs up at once when the folder has none, verifies each backup and keeps only the newest", async () => {
    // PostgreSQL has no file to copy: the server never starts a schedule there (pg_dump's job).
    if (ctx.dialect !== "sqlite") return;
    await newClinic(ctx.store);
    const location = parseDatabaseUrl(ctx.url);
    if (location.dialect !== "sqlite") throw new Error("unreachable");
    const clock = movableClock("2030-01-02T03:00:00Z");
    const lines: string[] = [];
    const schedule = startBackupSchedule({
      databasePath: location.path,
      dir,
      intervalHours: 24,
      keep: 2,
      clock,
      say: (line) => lines.push(line),
    });
    try {
      // The folder holds no backup yet: the first one is made at once, without being asked.
      while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(lines[0]).toMatch(/written and verified/);
      for (let day = 1; day < 3; day++) {
        clock.advance(24 * 60);
        const manifest = await schedule.runOnce();
        expect(manifest.tables.clinic).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await schedule.stop();
    }
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      backupFileName("2030-01-03T03:00:00Z"),
      `${backupFileName("2030-01-03T03:00:00Z")}.manifest.json`,
      backupFileName("2030-01-04T03:00:00Z"),
      `${backupFileName("2030-01-04T03:00:00Z")}.manifest.json`,
    ]);
    expect(
      describeSqliteFile(join(dir, backupFileName("2030-01-04T03:00:00Z"))).tables.clinic,
    ).toBeGreaterThanOrEqual(1);
    expect(lines.at(-1)).toMatch(/written and verified .*removed 1 older/);
  });
});
