import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { loadConfig } from "../config.js";
import { buildApp } from "../http/app.js";
import { openDatabase } from "../store/database.js";
import { systemClock } from "../system-clock.js";
import { UsageError } from "./usage-error.js";

export const OPENAPI_USAGE = "regimen openapi [file]";

/**
 * `regimen openapi [file]`: the OpenAPI document the server would serve at /api/openapi.json,
 * written to `file` (or printed), without starting a server or touching a real database: the
 * document comes from the routes' schemas alone, so the app is built on an empty in-memory store.
 */
export async function runOpenApiCommand(args: string[]): Promise<string> {
  if (args.length > 1) throw new UsageError(`usage: ${OPENAPI_USAGE}`);
  const [file] = args;
  const store = await openDatabase("file::memory:");
  const app = buildApp({ store, config: loadConfig({}), clock: systemClock, logger: false });
  try {
    await app.ready();
    const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    if (file === undefined) return text;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    return `wrote ${file}\n`;
  } finally {
    await app.close();
    await store.close();
  }
}
