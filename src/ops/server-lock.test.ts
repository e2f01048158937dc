import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireServerLock, liveServersOf, refuseWhileServed } from "./server-lock.js";

describe("the server lock beside a SQLite file", () => {
  let dir: string;
  let database: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "regimen-lock-"));
    database = join(dir, "regimen.db");
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("names a live server, and is gone once released", () => {
    const lock = acquireServerLock(database, "2030-01-02T15:00:00Z");
    expect(liveServersOf(database)).toEqual([
      { pid: process.pid, startedAt: "2030-01-02T15:00:00Z", path: lock.path },
    ]);
    expect(() => refuseWhileServed(database, "restore into it")).toThrow(
      `refusing to restore into it: a Regimen server (pid ${process.pid}, started 2030-01-02T15:00:00Z) has ${database} open`,
    );
    lock.release();
    expect(liveServersOf(database)).toEqual([]);
    expect(() => refuseWhileServed(database, "restore into it")).not.toThrow();
  });

  it("ignores and removes the file a killed server left, and another database's", () => {
    // No process has pid 2^22 + 1 (above Linux's pid_max): a server that is gone.
    const stale = acquireServerLock(database, "2030-01-01T00:00:00Z", 4_194_305);
    const other = acquireServerLock(join(dir, "other.db"), "2030-01-01T00:00:00Z");
    writeFileSync(join(dir, "regimen.db.server-7.lock"), "not json");
    expect(liveServersOf(database)).toEqual([]);
    expect(existsSync(stale.path)).toBe(false);
    expect(existsSync(other.path)).toBe(true);
    other.release();
  });
});
