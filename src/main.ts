import { join } from "node:path";
import { loadConfig } from "./config.js";
import { DEMO_CLINIC, DEMO_PASSWORD, DEMO_SIGN_INS } from "./demo/demo-clinic.js";
import { seedDemoClinic } from "./demo/seed-demo-clinic.js";
import { buildApp } from "./http/app.js";
import { argon2idHasher } from "./services/accounts/passwords.js";
import { OFFER_CLAIM_SECONDS, offerPendingFreedTime } from "./services/booking/cancel.service.js";
import { openDatabase } from "./store/database.js";
import { migrateToLatest } from "./store/migrate.js";
import { systemClock } from "./system-clock.js";

/** config → store → migrations → demo clinic → HTTP. Ctrl-C (or SIGTERM) closes both cleanly. */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  const applied = await migrateToLatest(store);
  if (applied.length > 0) say(`Migrated ${store.dialect}: ${applied.join(", ")}`);

  const passwords = argon2idHasher();
  const seed = await seedDemoClinic(store, { clock: systemClock, passwords, nodeEnv: config.nodeEnv });
  // The web app is built beside the sources (`npm run build:web`; `npm start` does it when stale).
  const webRoot = join(import.meta.dirname, "..", "web", "dist");
  const app = buildApp({ store, config, clock: systemClock, passwords, webRoot });

  // Waitlist offers that cancellations committed before a crash still owe: made now, and swept
  // again as often as a dead claimant's claim runs out.
  const sweepOffers = async () => {
    const { offered, failed, firstError } = await offerPendingFreedTime({ store, clock: systemClock });
    if (offered > 0) say(`Made ${offered} waitlist offer(s) owed by earlier cancellations`);
    if (failed > 0) say(`${failed} waitlist offer(s) failed and will be retried: ${String(firstError)}`);
  };
  await sweepOffers();
  const sweeper = setInterval(() => {
    sweepOffers().catch((error: unknown) => say(`Waitlist offer sweep failed: ${String(error)}`));
  }, OFFER_CLAIM_SECONDS * 1000);
  sweeper.unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: closing`);
    clearInterval(sweeper);
    try {
      await app.close();
    } finally {
      await store.close();
    }
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  const url = await app.listen({ host: config.host, port: config.port });
  say(`Regimen is listening on ${url} (${store.dialect})`);
  say(`Web app: ${url}/   API docs: ${url}/api/docs   OpenAPI: ${url}/api/openapi.json`);
  if (config.publicOrigin === null) {
    const origins = [...new Set(["localhost", "127.0.0.1", config.host])].map((host) => `http://${host}`);
    say(`Signed-in writes are accepted from ${origins.join(", ")} at this port (set PUBLIC_URL otherwise).`);
  } else {
    say(`Signed-in writes are accepted from ${config.publicOrigin} only (PUBLIC_URL).`);
  }
  if (seed.seeded || seed.reason === "exists") {
    say(
      `Demo clinic "${DEMO_CLINIC.slug}"${seed.seeded ? " created" : ""}. Sign in with password "${DEMO_PASSWORD}":`,
    );
    for (const { email, role } of DEMO_SIGN_INS) say(`  ${role.padEnd(10)} ${email}`);
  } else {
    say("NODE_ENV=production: no demo clinic, and demo sign-ins are refused.");
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Regimen failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  if (error instanceof Error && error.cause !== undefined)
    process.stderr.write(`  cause: ${String(error.cause)}\n`);
  process.exitCode = 1;
});
