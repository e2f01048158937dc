import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { fixedClock } from "../src/domain/time/clock.js";
import { Dispatcher } from "../src/notify/dispatcher.js";
import { fileSmsTransport, smtpEmailTransport } from "../src/notify/transports.js";
import { createClinic } from "../src/store/clinic.repository.js";
import { insertScheduledMessages } from "../src/store/message.repository.js";
import { emit, progress, round } from "./harness.js";
import type { BenchContext } from "./registry.js";

const MESSAGES = 2000;
const DUE = "2030-01-01T00:00:00Z";

/** An SMTP server on a free local port that accepts and counts every message. */
async function startSink() {
  let count = 0;
  let onCount: (() => void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    closeTimeout: 50,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        count++;
        onCount?.();
        callback();
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?tls=off`,
    get count() {
      return count;
    },
    waitFor(target: number) {
      return new Promise<void>((resolve) => {
        if (count >= target) return resolve();
        onCount = () => {
          if (count >= target) resolve();
        };
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Messages dispatched per second to a local SMTP server, by 1 and by 2 dispatchers sharing the
 * database (each with its own pooled SMTP connections), from the claim to the last accepted email.
 */
export async function runNotifyBench({ database }: BenchContext): Promise<void> {
  const { store } = database;
  const clinic = await createClinic(store.db, {
    slug: `bench-${randomUUID().slice(0, 8)}`,
    name: "Bench Clinic",
    timeZone: "America/New_York",
    policy: { minNoticeMinutes: 0, slotStepMinutes: 15, lateCancelHours: 24, maxAdvanceDays: 365 },
    createdAt: DUE,
  });
  const sink = await startSink();
  try {
    for (const dispatchers of [1, 2]) {
      const batch = randomUUID();
      for (let i = 0; i < MESSAGES; i += 500) {
        const rows = Array.from({ length: Math.min(500, MESSAGES - i) }, (_, j) => ({
          clinicId: clinic.id,
          kind: "check_in" as const,
          channel: "email" as const,
          recipient: `patient${i + j}@example.test`,
          sendAt: DUE,
          vars: { clinicName: "Bench Clinic", patientName: "Ana", day: "3", checkInUrl: "/check-ins/b/3" },
          dedupeKey: `${batch}:${i + j}`,
          patientId: null,
          bookingId: null,
        }));
        await store.db.transaction().execute((trx) => insertScheduledMessages(trx, rows, DUE));
      }
      progress(`${database.dialect}: ${MESSAGES} messages, ${dispatchers} dispatcher(s)`);
      const before = sink.count;
      const transports = Array.from({ length: dispatchers }, () => smtpEmailTransport(sink.url));
      const running = transports.map(
        (email) =>
          new Dispatcher({
            store,
            clock: fixedClock(DUE),
            email,
            sms: fileSmsTransport("/nonexistent"),
            mailFrom: "Bench <bench@bench.test>",
            publicOrigin: "http://localhost",
            idleMilliseconds: 10,
          }),
      );
      const started = performance.now();
      for (const d of running) d.start();
      await sink.waitFor(before + MESSAGES);
      const seconds = (performance.now() - started) / 1000;
      for (const d of running) await d.stop();
      for (const t of transports) await t.close();
      emit({
        bench: "notify",
        db: database.dialect,
        dispatchers,
        messages: MESSAGES,
        seconds: round(seconds, 2),
        messagesPerSecond: round(MESSAGES / seconds, 0),
      });
    }
  } finally {
    await sink.close();
  }
}
