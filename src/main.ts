import { loadConfig } from "./config.js";
import { DEMO_CLINIC, DEMO_PASSWORD, DEMO_SIGN_INS } from "./demo/demo-clinic.js";
import { seedDemoClinic } from "./demo/seed-demo-clinic.js";
import { buildApp } from "./http/app.js";
import { dispatcherFor, fileOutboxDir } from "./notify/notify-setup.js";
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
  const app = buildApp({ store, config, clock: systemClock, passwords });

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

  let messages: Awaited<ReturnType<typeof dispatcherFor>> | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: closing`);
    clearInterval(sweeper);
    try {
      // The batch in hand is finished and marked before the database closes.
      await messages?.close();
      await app.close();
    } finally {
      await store.close();
    }
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  const url = await app.listen({ host: config.host, port: config.port });
  say(`Regimen is listening on ${url} (${store.dialect})`);
  // Messages go out from this process; `regimen dispatch` can send from others beside it.
  messages = dispatcherFor(
    config,
    { store, clock: systemClock, port: new URL(url).port === "" ? 80 : Number(new URL(url).port) },
    { onError: (error) => say(`Message dispatch failed; retrying: ${String(error)}`) },
  );
  messages.dispatcher.start();
  say(
    config.smtpUrl === null
      ? `Email is written to ${fileOutboxDir(config)} (set SMTP_URL to send it).`
      : "Email is sent over SMTP (SMTP_URL).",
  );
  say(`API docs: ${url}/api/docs   OpenAPI: ${url}/api/openapi.json`);
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
