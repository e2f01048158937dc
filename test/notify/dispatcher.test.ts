import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { Dispatcher } from "../../src/notify/dispatcher.js";
import { fileSmsTransport, smtpEmailTransport } from "../../src/notify/transports.js";
import { claimDueMessages } from "../../src/store/message.repository.js";
import { withWriteTransaction } from "../../src/store/transaction.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic } from "../factories.js";
import { movableClock } from "../http/harness.js";
import { scheduleTestEmails } from "./messages.js";
import { mimeParts, type SmtpPeer, startSmtpPeer } from "./smtp-peer.js";

const FROM = "Test Clinic <bookings@clinic.test>";

async function messagesByKey(store: import("../../src/store/database.js").Store, keys: string[]) {
  const rows = await store.db
    .selectFrom("scheduled_message")
    .selectAll()
    .where("dedupe_key", "in", keys)
    .execute();
  return new Map(rows.map((r) => [r.dedupe_key, r]));
}

describeEachDatabase("message dispatcher", (ctx) => {
  let clinic: Clinic;
  let peer: SmtpPeer;
  const transports: ReturnType<typeof smtpEmailTransport>[] = [];
  beforeAll(async () => {
    clinic = await newClinic(ctx.store);
    peer = await startSmtpPeer({ reject: (to) => to.startsWith("bounce") });
  });
  afterAll(async () => {
    for (const t of transports) await t.close();
    await peer?.close();
  });

  function dispatcherAt(
    clock: ReturnType<typeof movableClock>,
    extra: Partial<ConstructorParameters<typeof Dispatcher>[0]> = {},
  ) {
    const email = smtpEmailTransport(peer.url);
    transports.push(email);
    return new Dispatcher({
      store: ctx.store,
      clock,
      email,
      sms: fileSmsTransport("/nonexistent"),
      mailFrom: FROM,
      publicOrigin: "https://book.example",
      ...extra,
    });
  }

  it("sends what is due with its own id as Message-ID, marks it sent and forgets its link token", async () => {
    const clock = movableClock("2030-01-01T00:00:00Z");
    const before = peer.received.length;
    const keys = await scheduleTestEmails(ctx.store, clinic.id, 3, {
      recipient: (i) => `due${i}@example.test`,
    });
    const [later] = await scheduleTestEmails(ctx.store, clinic.id, 1, {
      sendAt: "2030-01-02T00:00:00Z",
      recipient: () => "later@example.test",
    });
    const dispatcher = dispatcherAt(clock);
    // Other tests' leftovers may be due too; run until nothing is.
    while ((await dispatcher.runOnce()).claimed > 0);
    const rows = await messagesByKey(ctx.store, [...keys, later as string]);
    const mine = peer.received.slice(before).filter((m) => /^due\d@/.test(m.to));
    expect(mine.map((m) => m.to).sort()).toEqual([
      "due0@example.test",
      "due1@example.test",
      "due2@example.test",
    ]);
    for (const key of keys) {
      const row = rows.get(key);
      expect(row?.status).toBe("sent");
      expect(row?.secret).toBeNull();
      const mail = mine.find((m) => m.to === row?.recipient);
      expect(mail?.messageId).toBe(`<${row?.id}@clinic.test>`);
      // The link was completed with the token at send time, and made absolute.
      const text = mimeParts(mail?.raw ?? "").find((p) => p.contentType.startsWith("text/plain"));
      expect(text?.body).toContain(`https://book.example/set-password?token=secret-`);
    }
    expect(rows.get(later as string)?.status).toBe("pending");
    await dispatcher.stop();
  });

  it("retries a refused message with growing backoff, then marks it failed", async () => {
    const clock = movableClock("2030-01-01T00:00:00Z");
    const [key] = await scheduleTestEmails(ctx.store, clinic.id, 1, {
      recipient: () => "bounce@example.test",
    });
    const dispatcher = dispatcherAt(clock, { maxAttempts: 3, backoffSeconds: 120 });
    const drain = async () => {
      while ((await dispatcher.runOnce()).claimed > 0);
    };
    await drain();
    let row = (await messagesByKey(ctx.store, [key as string])).get(key as string);
    expect(row?.status).toBe("pending");
    expect(row?.attempts).toBe(1);
    expect(row?.last_error).toMatch(/550|Mailbox unavailable/);
    // Not due again before its 2-minute backoff.
    clock.advance(1);
    await drain();
    expect((await messagesByKey(ctx.store, [key as string])).get(key as string)?.attempts).toBe(1);
    clock.advance(1);
    await drain();
    row = (await messagesByKey(ctx.store, [key as string])).get(key as string);
    expect(row?.attempts).toBe(2);
    expect(row?.status).toBe("pending");
    // The second retry waits twice as long.
    clock.advance(3);
    await drain();
    expect((await messagesByKey(ctx.store, [key as string])).get(key as string)?.attempts).toBe(2);
    clock.advance(1);
    await drain();
    row = (await messagesByKey(ctx.store, [key as string])).get(key as string);
    expect(row?.status).toBe("failed");
    expect(row?.attempts).toBe(3);
    expect(row?.secret).toBeNull();
  });

  it("takes over a dead dispatcher's rows once its claim runs out, and not before", async () => {
    const clock = movableClock("2030-01-01T00:00:00Z");
    const [key] = await scheduleTestEmails(ctx.store, clinic.id, 1, {
      recipient: () => "orphan@example.test",
    });
    const now = clock.now();
    // A dispatcher claims every due row, then dies before sending.
    await withWriteTransaction(ctx.store, (trx) =>
      claimDueMessages(trx, ctx.store.dialect, {
        claimant: "dead",
        now: now.toString(),
        until: now.add({ seconds: 120 }).toString(),
        limit: 100_000,
      }),
    );
    const survivor = dispatcherAt(clock);
    expect((await survivor.runOnce()).claimed).toBe(0);
    clock.advance(3);
    while ((await survivor.runOnce()).claimed > 0);
    expect((await messagesByKey(ctx.store, [key as string])).get(key as string)?.status).toBe("sent");
  });
});

describeEachDatabase("two dispatchers on one database", (ctx) => {
  it("send each of 1,000 messages exactly once", { timeout: 120_000 }, async () => {
    const clinic = await newClinic(ctx.store);
    const peer = await startSmtpPeer();
    try {
      const clock = movableClock("2030-01-01T00:00:00Z");
      const keys = await scheduleTestEmails(ctx.store, clinic.id, 1000);
      const email = smtpEmailTransport(peer.url);
      const make = () =>
        new Dispatcher({
          store: ctx.store,
          clock,
          email,
          sms: fileSmsTransport("/nonexistent"),
          mailFrom: FROM,
          publicOrigin: "https://book.example",
          batchSize: 50,
          idleMilliseconds: 20,
        });
      const both = [make(), make()];
      for (const d of both) d.start();
      await peer.waitFor(1000);
      for (const d of both) await d.stop();
      await email.close();
      const ids = peer.received.map((m) => m.messageId);
      expect(ids.length).toBe(1000);
      expect(new Set(ids).size).toBe(1000);
      const rows = await messagesByKey(ctx.store, keys);
      expect([...rows.values()].every((r) => r.status === "sent")).toBe(true);
    } finally {
      await peer.close();
    }
  });
});
