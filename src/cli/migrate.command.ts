import { loadConfig } from "../config.js";
import { openDatabase } from "../store/database.js";
import { migrateDown, migrateToLatest } from "../store/migrate.js";
import { UsageError } from "./usage-error.js";

/** `regimen migrate [up|down]`: up applies every pending migration; down undoes the last one. */
export async function runMigrateCommand(args: string[]): Promise<string> {
  const [direction = "up", ...rest] = args;
  if ((direction !== "up" && direction !== "down") || rest.length > 0) {
    throw new UsageError("usage: regimen migrate [up|down]");
  }
  const config = loadConfig();
  const store = await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  try {
    const names = direction === "up" ? await migrateToLatest(store) : await migrateDown(store);
    const verb = direction === "up" ? "applied" : "undone";
    return names.length === 0
      ? `nothing to do (${store.dialect})\n`
      : `${verb} on ${store.dialect}: ${names.join(", ")}\n`;
  } finally {
    await store.close();
  }
}
