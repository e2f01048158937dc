import { sql } from "kysely";
import { fromDbInstant } from "./codec.js";
import type { Store } from "./database.js";
import { migrationProvider } from "./migrations/index.js";

/** Answers once the database answers a trivial query. */
export async function pingDatabase(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}

/** The migrations this build knows that the database has not applied (empty: current). */
export async function pendingMigrations(store: Store): Promise<string[]> {
  const known = Object.keys(await migrationProvider(store.dialect).getMigrations());
  let applied: string[];
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
    applied = rows.rows.map((row) => row.name);
  } catch {
    // No migration table at all: nothing applied yet.
    applied = [];
  }
  const done = new Set(applied);
  return known.filter((name) => !done.has(name)).sort();
}

/** When the oldest outbox event still waiting to be processed was written; null when none waits. */
export async function oldestUnprocessedOutboxEvent(store: Store): Promise<string | null> {
  const row = await store.db
    .selectFrom("outbox_event")
    .select((eb) => eb.fn.min("created_at").as("oldest"))
    .where("processed_at", "is", null)
    .executeTakeFirst();
  const oldest = row?.oldest as string | Date | null | undefined;
  return oldest === null || oldest === undefined ? null : fromDbInstant(oldest);
}
