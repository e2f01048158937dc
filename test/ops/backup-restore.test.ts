import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeSqliteFile, manifestPathOf, sha256Of } from "../../src/store/backup.js";
import { findBookingById } from "../../src/store/booking.repository.js";
import { openDatabase } from "../../src/store/database.js";
import { parseDatabaseUrl } from "../../src/store/database-url.js";
import { consultationSlotPlan, newTreatmentScene } from "../booking-scene.js";
import { describeEachDatabase } from "../databases.js";
import { newActor } from "../http/harness.js";
import { serverDatabaseUrl, startServer } from "../system/server-process.js";
import { regimen } from "./cli-process.js";

describeEachDatabase("backup and restore", (ctx) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "regimen-backup-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("backs up under booking load; the restored copy holds every booking acknowledged before", {
    timeout: 180_000,
  }, async () => {
    if (ctx.dialect !== "sqlite") {
      const env = { DATABASE_URL: serverDatabaseUrl(ctx) };
      const backup = await regimen(["backup", "--out", join(dir, "x.db")], env);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toContain("pg_dump");
      const restore = await regimen(["restore", join(dir, "x.db")], env);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain("pg_restore");
      return;
    }
    const s = await newTreatmentScene(ctx.store, { maxAdvanceDays: 36_500 });
    const staff = await newActor(ctx.store, { clinicId: s.clinic.id, role: "front_desk" });
    const slots = consultationSlotPlan(
      s.providers.map((p) => p.id),
      400,
      "2030-01-07",
    );
    const patients = await Promise.all(slots.map(() => s.addPatient(null)));
    const server = await startServer(serverDatabaseUrl(ctx));
    const env = { DATABASE_URL: ctx.url, DATA_DIR: dir };
    const acknowledged: string[] = [];
    let next = 0;
    let stop = false;
    const worker = async () => {
      while (!stop && next < slots.length) {
        const i = next++;
        const res = await fetch(`${server.baseUrl}/api/v1/bookings`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            cookie: staff.headers.cookie,
            origin: server.baseUrl,
          },
          body: JSON.stringify({ patientId: patients[i]?.id, service: "consultation", ...slots[i] }),
        });
        const body = (await res.json()) as { id?: string };
        if (res.status === 201 && body.id) acknowledged.push(body.id);
      }
    };
    try {
      const load = Promise.all(Array.from({ length: 6 }, worker));
      while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 50));
      // Bookings answered from here on may or may not be in the copy; these must be.
      const before = [...acknowledged];
      const out = join(dir, "under-load.db");
      const backup = await regimen(["backup", "--out", out], env);
      const duringBackup = acknowledged.length - before.length;
      expect(backup.stderr).toMatch(/backup: .*integrity ok/);
      expect(backup.code, backup.stderr).toBe(0);

      // The server still has the database open: restoring over it is refused, naming the server.
      const refused = await regimen(["restore", out], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refusing to restore .*server \(pid \d+/);

      stop = true;
      await load;
      // The load really ran beside the backup, not before or after it.
      expect(duringBackup).toBeGreaterThan(0);

      const manifest = JSON.parse(await readFile(manifestPathOf(out), "utf8"));
      expect(manifest.sha256).toBe(await sha256Of(out));
      expect(manifest.schemaVersion).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}_/);
      expect(manifest.tables.booking).toBeGreaterThanOrEqual(before.length);

      const freshUrl = `file:${join(dir, "restored", "fresh.db")}`;
      // Into a folder that does not exist yet: restore makes it.
      const restore = await regimen(["restore", out, "--to", freshUrl], env);
      expect(restore.code, restore.stderr).toBe(0);
      const freshPath = (parseDatabaseUrl(freshUrl) as { path: string }).path;
      expect(describeSqliteFile(freshPath).tables.booking).toBe(manifest.tables.booking);
      const restored = await openDatabase(freshUrl);
      try {
        for (const id of before)
          expect(await findBookingById(restored.db, s.clinic.id, id), id).toBeDefined();
      } finally {
        await restored.close();
      }
    } finally {
      stop = true;
      await server.stop();
    }
  });

  it("refuses a backup from a newer schema, and one that does not match its manifest", {
    timeout: 60_000,
  }, async () => {
    if (ctx.dialect !== "sqlite") return;
    const env = { DATABASE_URL: ctx.url, DATA_DIR: dir };
    const out = join(dir, "plain.db");
    expect((await regimen(["backup", "--out", out], env)).code).toBe(0);

    const newer = join(dir, "newer.db");
    await copyFile(out, newer);
    const database = new SqliteDatabase(newer);
    database
      .prepare("insert into kysely_migration (name, timestamp) values (?, ?)")
      .run("2999_01_01_0001_from_the_future", "2999-01-01T00:00:00.000Z");
    database.close();
    const target = `file:${join(dir, "target.db")}`;
    const fromFuture = await regimen(["restore", newer, "--to", target], env);
    expect(fromFuture.code).toBe(1);
    expect(fromFuture.stderr).toContain("2999_01_01_0001_from_the_future is unknown");

    await copyFile(manifestPathOf(out), manifestPathOf(newer));
    const mismatched = await regimen(["restore", newer, "--to", target], env);
    expect(mismatched.code).toBe(1);
    expect(mismatched.stderr).toContain("does not match its manifest");

    const usage = await regimen(["restore"], env);
    expect(usage.code).toBe(2);
  });
});
