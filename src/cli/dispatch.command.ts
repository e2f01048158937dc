import { loadConfig } from "../config.js";
import { dispatcherFor } from "../notify/notify-setup.js";
import { openDatabase } from "../store/database.js";
import { systemClock } from "../system-clock.js";
import { UsageError } from "./usage-error.js";

export const DISPATCH_USAGE = "regimen dispatch [--batch <n>] [--claim-seconds <n>]";

/**
 * `regimen dispatch`: sends due messages until SIGINT or SIGTERM, without the HTTP server; run
 * beside the server (or several of them on one PostgreSQL database) to send from another process.
 */
export async function runDispatchCommand(args: string[]): Promise<string> {
  const tuning: { batchSize?: number; claimSeconds?: number } = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 1)
      throw new UsageError(`usage: ${DISPATCH_USAGE}`);
    if (flag === "--batch") tuning.batchSize = n;
    else if (flag === "--claim-seconds") tuning.claimSeconds = n;
    else throw new UsageError(`usage: ${DISPATCH_USAGE}`);
  }
  const config = loadConfig();
  const store = await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  const { dispatcher, close } = dispatcherFor(
    config,
    { store, clock: systemClock, port: config.port },
    {
      ...tuning,
      onError: (error) => process.stderr.write(`dispatcher: ${String(error)}\n`),
    },
  );
  dispatcher.start();
  process.stdout.write(`dispatcher ${dispatcher.claimant} started (${store.dialect})\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  try {
    await close();
  } finally {
    await store.close();
  }
  return "dispatcher stopped\n";
}
