import { expect, it } from "vitest";
import { describeEachDatabase } from "../databases.js";
import { newClinic } from "../factories.js";
import { scheduleTestEmails } from "../notify/messages.js";
import { startSmtpPeer } from "../notify/smtp-peer.js";
import { startDispatcherProcess } from "./dispatcher-process.js";
import { serverDatabaseUrl } from "./server-process.js";

const COUNT = 1000;

describeEachDatabase("dispatcher under kill -9", (ctx) => {
  it("delivers every message after a SIGKILL mid-batch, each resend with the same Message-ID", {
    timeout: 180_000,
  }, async () => {
    const clinic = await newClinic(ctx.store);
    // Due long ago by the real clock, which the child process runs on.
    const keys = await scheduleTestEmails(ctx.store, clinic.id, COUNT, { sendAt: "2020-01-01T00:00:00Z" });
    const peer = await startSmtpPeer();
    const url = serverDatabaseUrl(ctx);
    // Short claims, so the restarted dispatcher retakes the dead one's rows soon.
    const args = ["--batch", "100", "--claim-seconds", "2"];
    try {
      const first = await startDispatcherProcess(url, peer.url, args);
      await peer.waitFor(COUNT / 4);
      await first.stop("SIGKILL");
      const atKill = peer.received.length;
      expect(atKill).toBeLessThan(COUNT);

      const second = await startDispatcherProcess(url, peer.url, args);
      try {
        const deadline = Date.now() + 120_000;
        for (;;) {
          const pending = await ctx.store.db
            .selectFrom("scheduled_message")
            .select((eb) => eb.fn.countAll<string | number>().as("n"))
            .where("dedupe_key", "in", keys)
            .where("status", "!=", "sent")
            .executeTakeFirstOrThrow();
          if (Number(pending.n) === 0) break;
          if (Date.now() > deadline) throw new Error(`${pending.n} messages still unsent`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } finally {
        await second.stop();
      }
      const ids = peer.received.map((m) => m.messageId);
      expect(ids.length).toBeGreaterThanOrEqual(COUNT);
      expect(new Set(ids).size).toBe(COUNT);
      const rows = await ctx.store.db
        .selectFrom("scheduled_message")
        .select("id")
        .where("dedupe_key", "in", keys)
        .execute();
      const expected = new Set(rows.map((r) => `<${r.id}@regimen.localhost>`));
      expect(ids.every((id) => expected.has(id))).toBe(true);
    } finally {
      await peer.close();
    }
  });
});
