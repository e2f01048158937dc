import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic } from "../../src/domain/clinic/types.js";
import { fixedClock } from "../../src/domain/time/clock.js";
import { Dispatcher } from "../../src/notify/dispatcher.js";
import { fileEmailTransport, httpSmsTransport } from "../../src/notify/transports.js";
import { insertScheduledMessages } from "../../src/store/message.repository.js";
import { describeEachDatabase } from "../databases.js";
import { newClinic, unique } from "../factories.js";

interface Received {
  headers: IncomingMessage["headers"];
  form: URLSearchParams;
}

describeEachDatabase("SMS over a Twilio-style HTTP API", (ctx) => {
  const received: Received[] = [];
  let failNext = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end("try later");
        return;
      }
      received.push({ headers: req.headers, form: new URLSearchParams(body) });
      res.writeHead(201, { "content-type": "application/json" }).end("{}");
    });
  });
  let url = "";
  let clinic: Clinic;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Messages`;
    clinic = await newClinic(ctx.store);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("posts the text with its id as the idempotency key, and retries a refusal", async () => {
    const dedupeKey = unique("sms");
    const recipient = `+1555${Math.floor(Math.random() * 1e7)}`;
    await insertScheduledMessages(
      ctx.store.db,
      [
        {
          clinicId: clinic.id,
          kind: "check_in",
          channel: "sms",
          recipient,
          sendAt: "2030-01-01T00:00:00Z",
          vars: { clinicName: "Glow", day: "3", checkInUrl: "/check-ins/b1/3" },
          dedupeKey,
          patientId: null,
          bookingId: null,
        },
      ],
      "2030-01-01T00:00:00Z",
    );
    const dispatcher = (now: string) =>
      new Dispatcher({
        store: ctx.store,
        clock: fixedClock(now),
        email: fileEmailTransport("/nonexistent"),
        sms: httpSmsTransport(url, "secret-token"),
        mailFrom: "Glow <c@glow.test>",
        publicOrigin: "https://book.example",
        backoffSeconds: 60,
      });
    failNext = 1;
    await dispatcher("2030-01-01T00:00:00Z").runOnce();
    const row = () =>
      ctx.store.db
        .selectFrom("scheduled_message")
        .selectAll()
        .where("dedupe_key", "=", dedupeKey)
        .executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: "pending", attempts: 1 });
    expect((await row()).last_error).toContain("503");

    await dispatcher("2030-01-01T00:01:00Z").runOnce();
    const sent = await row();
    expect(sent.status).toBe("sent");
    const mine = received.filter((r) => r.form.get("To") === recipient);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.headers["idempotency-key"]).toBe(sent.id);
    expect(mine[0]?.headers.authorization).toBe("Bearer secret-token");
    expect(mine[0]?.form.get("Body")).toBe(
      "Glow: day 3 after your session. How is your skin? https://book.example/check-ins/b1/3",
    );
  });
});
