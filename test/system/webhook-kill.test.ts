import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createWebhookEndpoint, insertWebhookDeliveries } from "../../src/store/webhook.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic } from "../factories.js";
import { startWebhookReceiver, type WebhookReceiver } from "../notify/webhook-receiver.js";
import { serverDatabaseUrl } from "./server-process.js";

const ROOT = join(import.meta.dirname, "..", "..");
const COUNT = 400;

/** `regimen webhooks` in its own process, resolved once it says it started. */
function startDeliverer(databaseUrl: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "webhooks", ...args], {
    cwd: ROOT,
    // The receiver is on 127.0.0.1.
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "test",
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the deliverer did not start in 60 s:\n${output}`));
    }, 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("started")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the deliverer exited (${code ?? signal}) before starting:\n${output}`));
    });
  });
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 1200; tries++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeEachDatabase("webhook deliverer under kill -9", (ctx) => {
  it("delivers every event after a SIGKILL mid-batch, resends with the same event id", {
    timeout: 180_000,
  }, async () => {
    const clinic = await newClinic(ctx.store);
    let receiver: WebhookReceiver | undefined;
    const children: ChildProcess[] = [];
    try {
      receiver = await startWebhookReceiver();
      const endpoint = await createWebhookEndpoint(ctx.store.db, {
        clinicId: clinic.id,
        url: receiver.url,
        description: null,
        eventTypes: ["booking.created"],
        secret: "whsec_kill",
        active: true,
        createdAt: "2020-01-01T00:00:00Z",
        createdBy: null,
      });
      const eventIds = Array.from(
        { length: COUNT },
        (_, i) => `000000000000-${i.toString(16).padStart(6, "0")}-${"b".repeat(16)}`,
      );
      for (const id of eventIds) {
        // Due long ago by the real clock, which the child process runs on.
        await insertWebhookDeliveries(ctx.store.db, {
          id,
          clinicId: clinic.id,
          type: "booking.created",
          body: JSON.stringify({ id }),
          createdAt: "2020-01-01T00:00:00Z",
        });
      }
      const r = receiver;
      // Short claims, so the restarted deliverer retakes the dead one's rows soon.
      const args = ["--batch", "20", "--claim-seconds", "2"];
      const first = await startDeliverer(serverDatabaseUrl(ctx), args);
      children.push(first);
      await until("a quarter of the events", () => r.received.length >= COUNT / 4);
      await stopProcess(first, "SIGKILL");
      expect(r.received.length).toBeLessThan(COUNT);

      const second = await startDeliverer(serverDatabaseUrl(ctx), args);
      children.push(second);
      await until("every delivery settled", async () => {
        const pending = await ctx.store.db
          .selectFrom("webhook_delivery")
          .select((eb) => eb.fn.countAll<string | number>().as("n"))
          .where("endpoint_id", "=", endpoint.id)
          .where("status", "!=", "delivered")
          .executeTakeFirstOrThrow();
        return Number(pending.n) === 0;
      });
      await stopProcess(second, "SIGTERM");

      const received = r.received.map((request) => String(request.headers["regimen-event-id"]));
      expect(new Set(received)).toEqual(new Set(eventIds));
      // Every resend carried its own event's body.
      expect(
        r.received.every((request) => JSON.parse(request.body).id === request.headers["regimen-event-id"]),
      ).toBe(true);
    } finally {
      for (const child of children) await stopProcess(child, "SIGKILL");
      await receiver?.close();
    }
  });
});
