import { loadConfig } from "../config.js";
import { webhookDelivererFor } from "../notify/webhook-setup.js";
import { openDatabase } from "../store/database.js";
import { systemClock } from "../system-clock.js";
import { UsageError } from "./usage-error.js";

export const WEBHOOKS_USAGE = "regimen webhooks [--batch <n>] [--claim-seconds <n>]";

/**
 * `regimen webhooks`: delivers due webhooks until SIGINT or SIGTERM, without the HTTP server; run
 * beside the server (or several of them on one PostgreSQL database).
 */
export async function runWebhooksCommand(args: string[]): Promise<string> {
  const tuning: { batchSize?: number; claimSeconds?: number } = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 1)
      throw new UsageError(`usage: ${WEBHOOKS_USAGE}`);
    if (flag === "--batch") tuning.batchSize = n;
    else if (flag === "--claim-seconds") tuning.claimSeconds = n;
    else throw new UsageError(`usage: ${WEBHOOKS_USAGE}`);
  }
  const config = loadConfig();
  const store = await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  const deliverer = webhookDelivererFor(
    config,
    { store, clock: systemClock },
    { ...tuning, onError: (error) => process.stderr.write(`webhooks: ${String(error)}\n`) },
  );
  deliverer.start();
  process.stdout.write(`webhook deliverer ${deliverer.claimant} started (${store.dialect})\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  try {
    await deliverer.stop();
  } finally {
    await store.close();
  }
  return "webhook deliverer stopped\n";
}
