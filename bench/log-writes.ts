import { readFileSync } from "node:fs";
import { sql } from "kysely";
import type { Store } from "../src/store/database.js";

export interface LogWrites {
  /** Bytes this process handed to write calls (Linux's `wchar` in /proc/self/io). */
  bytes: number;
  /** The same in write-ahead log frames: one page and its 24-byte header each. */
  frames: number;
}

/**
 * What `run` makes SQLite write, on Linux; undefined where /proc cannot tell. A commit writes
 * every page its transaction changed into the write-ahead log, whole, so this counts the pages a
 * booking dirties. Unlike a rate it does not move with the machine's load. Automatic checkpoints
 * (which copy the log into the database file) are off meanwhile, so the figure holds the log's
 * writes alone, wherever a checkpoint would have fallen. Nothing else in this process may write
 * meanwhile (the bench waits between operations and prints nothing).
 */
export async function countLogWrites(store: Store, run: () => Promise<void>): Promise<LogWrites | undefined> {
  const before = writtenBytes();
  if (before === undefined) return undefined;
  const { rows } = await sql<{ page_size: number }>`pragma page_size`.execute(store.db);
  const pageSize = rows[0]?.page_size ?? 4096;
  await sql`pragma wal_autocheckpoint = 0`.execute(store.db);
  try {
    await run();
  } finally {
    // SQLite's default, which the app leaves as it is.
    await sql`pragma wal_autocheckpoint = 1000`.execute(store.db);
  }
  const bytes = (writtenBytes() ?? Number.NaN) - before;
  return { bytes, frames: bytes / (pageSize + 24) };
}

function writtenBytes(): number | undefined {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync("/proc/self/io", "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
