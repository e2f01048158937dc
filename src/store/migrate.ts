import { type MigrationResultSet, Migrator, NO_MIGRATIONS } from "kysely";
import type { Store } from "./database.js";
import { migrationProvider } from "./migrations/index.js";

function migratorFor(store: Store): Migrator {
  return new Migrator({
    db: store.db,
    provider: migrationProvider(store.dialect),
    // Without a schema Kysely would take another schema's kysely_migration table for ours.
    migrationTableSchema: store.schema,
  });
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  return applied(await migratorFor(store).migrateToLatest());
}

/** Undoes the last migration, or all of them with `"zero"`; returns the names undone. */
export async function migrateDown(store: Store, target: "previous" | "zero" = "previous"): Promise<string[]> {
  const migrator = migratorFor(store);
  return applied(target === "zero" ? await migrator.migrateTo(NO_MIGRATIONS) : await migrator.migrateDown());
}

function applied({ error, results = [] }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results.find((result) => result.status === "Error")?.migrationName ?? "(before any ran)";
    throw new Error(`Migration failed at ${failed}`, { cause: error });
  }
  return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
}
