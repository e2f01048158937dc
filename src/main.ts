import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { type Config, loadConfig } from "./config.js";
import { DEMO_CLINIC, DEMO_PASSWORD, DEMO_SIGN_INS } from "./demo/demo-clinic.js";
import { seedDemoClinic } from "./demo/seed-demo-clinic.js";
import { buildApp } from "./http/app.js";
import { dispatcherFor, fileOutboxDir } from "./notify/notify-setup.js";
import { webhookDelivererFor } from "./notify/webhook-setup.js";
import { startBackupSchedule } from "./ops/backup-schedule.js";
import { acquireServerLock, type ServerLock } from "./ops/server-lock.js";
import { argon2idHasher } from "./services/accounts/passwords.js";
import { OFFER_CLAIM_SECONDS, offerPendingFreedTime } from "./services/booking/cancel.service.js";
import { failedMessageCount, type ReadinessCheck } from "./services/ops/readiness.service.js";
import { openDatabase, type Store } from "./store/database.js";
import { parseDatabaseUrl } from "./store/database-url.js";
import { migrateToLatest } from "./store/migrate.js";
import { systemClock } from "./system-clock.js";

/**
 * Something the server runs beside the HTTP app (the waitlist offer sweeper, scheduled backups,
 * the outbox dispatcher): stopped on shutdown, after it finishes what it is doing.
 */
interface BackgroundWorker {
  readonly name: string;
  stop(): Promise<void>;
}

/** A start-up failure whose message is the whole story: printed as one line, without a cause. */
class StartError extends Error {}

/** config → store → migrations → demo clinic → HTTP. SIGTERM or Ctrl-C closes it all cleanly. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    throw new StartError((error as Error).message);
  }
  const store = await openStore(config);
  const startedAt = systemClock.now().toString();
  const location = parseDatabaseUrl(config.databaseUrl);
  // Marks the SQLite file as in use, so restore and copy-database refuse to pull it from under us.
  const lock: ServerLock | undefined =
    location.dialect === "sqlite" && location.path !== ":memory:"
      ? acquireServerLock(location.path, startedAt)
      : undefined;
  process.once("exit", () => lock?.release());

  const applied = await migrateToLatest(store);
  if (applied.length > 0) say(`Migrated ${store.dialect}: ${applied.join(", ")}`);

  const passwords = argon2idHasher();
  const seed = await seedDemoClinic(store, { clock: systemClock, passwords, nodeEnv: config.nodeEnv });

  const workers: BackgroundWorker[] = [];
  const readiness: ReadinessCheck[] = [];
  workers.push(await startOfferSweeper(store));
  if (location.dialect === "sqlite" && location.path !== ":memory:" && config.backupIntervalHours > 0) {
    const schedule = startBackupSchedule({
      databasePath: location.path,
      dir: config.backupDir,
      intervalHours: config.backupIntervalHours,
      keep: config.backupKeep,
      clock: systemClock,
      say,
    });
    workers.push({ name: "scheduled backups", stop: schedule.stop });
  }

  let dispatching = false;
  readiness.push({
    name: "message dispatcher",
    check: async () => (dispatching ? { ok: true } : { ok: false, detail: "not running" }),
  });
  // The web app is built beside the sources (`npm run build:web`; `npm start` does it when stale).
  const webRoot = join(import.meta.dirname, "..", "web", "dist");
  const app = buildApp({
    store,
    config,
    clock: systemClock,
    passwords,
    readiness,
    webRoot,
    failedMessages: () => failedMessageCount(store),
  });
  installShutdown({ app, store, lock, workers, graceSeconds: config.shutdownGraceSeconds });

  const url = await app.listen({ host: config.host, port: config.port });
  say(`Regimen is listening on ${url} (${store.dialect})`);
  // Messages go out from this process; `regimen dispatch` can send from others beside it.
  // It starts after listen because links in messages need the port actually served.
  const messages = dispatcherFor(
    config,
    { store, clock: systemClock, port: new URL(url).port === "" ? 80 : Number(new URL(url).port) },
    { onError: (error) => say(`Message dispatch failed; retrying: ${String(error)}`) },
  );
  messages.dispatcher.start();
  dispatching = true;
  // Shutdown reads this list when the signal comes: the batch in hand is finished and marked
  // before the database closes.
  workers.push({
    name: "message dispatcher",
    stop: async () => {
      dispatching = false;
      await messages.close();
    },
  });
  const webhooks = webhookDelivererFor(
    config,
    { store, clock: systemClock },
    { onError: (error) => say(`Webhook delivery failed; retrying: ${String(error)}`) },
  );
  webhooks.start();
  workers.push({ name: "webhook deliverer", stop: () => webhooks.stop() });
  say(
    config.smtpUrl === null
      ? `Email is written to ${fileOutboxDir(config)} (set SMTP_URL to send it).`
      : "Email is sent over SMTP (SMTP_URL).",
  );
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

/** A database that cannot be opened is reported against the setting, its password hidden. */
async function openStore(config: Config): Promise<Store> {
  try {
    return await openDatabase(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  } catch (error) {
    throw new StartError(
      `DATABASE_URL: cannot open ${redacted(config.databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function redacted(url: string): string {
  if (!url.startsWith("postgres")) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the PostgreSQL URL";
  }
}

/**
 * Waitlist offers that cancellations committed before a crash still owe: made now, and swept
 * again as often as a dead claimant's claim runs out.
 */
async function startOfferSweeper(store: Store): Promise<BackgroundWorker> {
  let running: Promise<void> = Promise.resolve();
  const sweepOffers = async () => {
    const { offered, failed, firstError } = await offerPendingFreedTime({ store, clock: systemClock });
    if (offered > 0) say(`Made ${offered} waitlist offer(s) owed by earlier cancellations`);
    if (failed > 0) say(`${failed} waitlist offer(s) failed and will be retried: ${String(firstError)}`);
  };
  await sweepOffers();
  const sweeper = setInterval(() => {
    running = sweepOffers().catch((error: unknown) => say(`Waitlist offer sweep failed: ${String(error)}`));
  }, OFFER_CLAIM_SECONDS * 1000);
  sweeper.unref();
  return {
    name: "waitlist offer sweeper",
    stop: async () => {
      clearInterval(sweeper);
      await running;
    },
  };
}

/**
 * The first SIGTERM (or Ctrl-C) stops taking connections, lets requests in flight finish (at most
 * `graceSeconds`, then their connections are cut), stops the background workers once their
 * current round is done, and closes the database last, so no write is cut half-way. A second
 * signal exits at once.
 */
function installShutdown(input: {
  app: FastifyInstance;
  store: Store;
  lock: ServerLock | undefined;
  workers: readonly BackgroundWorker[];
  graceSeconds: number;
}): void {
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) {
      say(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    say(`${signal}: closing (requests in flight get up to ${input.graceSeconds} s)`);
    const cut = setTimeout(() => {
      say("Grace period over: closing the connections still open");
      input.app.server.closeAllConnections();
    }, input.graceSeconds * 1000);
    cut.unref();
    // Node closes the connections idle at the moment of close() only; a keep-alive connection
    // whose request finishes later would stay open until its timeout. Sweep them as they go idle.
    const sweepIdle = setInterval(() => input.app.server.closeIdleConnections(), 100);
    sweepIdle.unref();
    try {
      await Promise.all([
        input.app.close(),
        ...input.workers.map((worker) =>
          worker.stop().catch((error: unknown) => say(`Stopping ${worker.name} failed: ${String(error)}`)),
        ),
      ]);
    } finally {
      clearTimeout(cut);
      clearInterval(sweepIdle);
      await input.store.close();
      input.lock?.release();
      say("Closed");
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    shutdown(signal).catch((error: unknown) => {
      say(`Shutdown failed: ${String(error)}`);
      process.exitCode = 1;
    });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Regimen failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  if (!(error instanceof StartError) && error instanceof Error && error.cause !== undefined)
    process.stderr.write(`  cause: ${String(error.cause)}\n`);
  process.exitCode = 1;
  // Whatever was opened before the failure (a pool, timers) must not keep the process alive.
  process.exit(1);
});
