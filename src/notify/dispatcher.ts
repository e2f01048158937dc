import { randomUUID } from "node:crypto";
import type { MessageTemplate } from "../domain/messages/default-templates.js";
import type { ScheduledMessage } from "../domain/messages/types.js";
import type { Clock } from "../domain/time/clock.js";
import type { Store } from "../store/database.js";
import {
  cancelClaimedMessage,
  claimDueMessages,
  findRecallSkipReason,
  findSeriesNudgeSkipReason,
  loadMessageTemplates,
  markMessageAttemptFailed,
  markMessagesSent,
  templateKey,
} from "../store/message.repository.js";
import { markOutboxEventSent } from "../store/outbox.repository.js";
import { withWriteTransaction } from "../store/transaction.js";
import { type ComposeSettings, composeEmail, composeSms, templateFor } from "./compose.js";
import { PollingLoop, retryAtAfter } from "./polling.js";
import type { EmailTransport, SmsTransport } from "./transports.js";

export interface DispatcherOptions extends ComposeSettings {
  store: Store;
  clock: Clock;
  email: EmailTransport;
  sms: SmsTransport;
  /** Names this dispatcher's claims; unique per process by default. */
  claimant?: string;
  /** Messages claimed at once (default 100). */
  batchSize?: number;
  /** Messages sent at the same time within a batch (default 10). */
  concurrency?: number;
  /**
   * How long a claim holds (default 120 s). It must outlast sending one batch; a dispatcher that
   * dies leaves its rows to be taken again once this has passed.
   */
  claimSeconds?: number;
  /** Pause between polls when nothing is due (default 1 s). */
  idleMilliseconds?: number;
  /** Attempts before a message ends `failed` (default 6). */
  maxAttempts?: number;
  /** The first retry's delay; each later one doubles it (default 30 s: 30 s, 1 min, 2 min, …). */
  backoffSeconds?: number;
  /** Told about failures the loop itself hit (database down, …); it carries on after a pause. */
  onError?: (error: unknown) => void;
}

export interface BatchResult {
  claimed: number;
  sent: number;
  failed: number;
}

/**
 * Sends the scheduled messages that are due. Delivery is at least once: a message is marked sent
 * only after the transport accepted it, so a crash in between sends it again, but with the same
 * id (email Message-ID, SMS idempotency key), so receivers see one message, not two different ones.
 *
 * Several dispatchers may share one PostgreSQL database: claims are taken with SKIP LOCKED and
 * hold for `claimSeconds`, so no two dispatchers work on the same message while a claim is live.
 */
export class Dispatcher {
  readonly claimant: string;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly claimSeconds: number;
  private readonly idleMilliseconds: number;
  private readonly maxAttempts: number;
  private readonly backoffSeconds: number;
  private readonly loop: PollingLoop;

  constructor(private readonly options: DispatcherOptions) {
    this.claimant = options.claimant ?? `dispatcher-${randomUUID()}`;
    this.batchSize = options.batchSize ?? 100;
    this.concurrency = options.concurrency ?? 10;
    this.claimSeconds = options.claimSeconds ?? 120;
    this.idleMilliseconds = options.idleMilliseconds ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.backoffSeconds = options.backoffSeconds ?? 30;
    this.loop = new PollingLoop({
      runOnce: async () => (await this.runOnce()).claimed,
      batchSize: this.batchSize,
      idleMilliseconds: this.idleMilliseconds,
      onError: options.onError,
    });
  }

  /** Polls until `stop()`: a full batch is followed at once by the next, an empty one by a pause. */
  start(): void {
    this.loop.start();
  }

  /** Finishes the batch in hand and claims nothing more. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Claims one batch of due messages and sends it. */
  async runOnce(): Promise<BatchResult> {
    const { store, clock } = this.options;
    const now = clock.now();
    const claimed = await withWriteTransaction(store, (trx) =>
      claimDueMessages(trx, store.dialect, {
        claimant: this.claimant,
        now: now.toString(),
        until: now.add({ seconds: this.claimSeconds }).toString(),
        limit: this.batchSize,
      }),
    );
    if (claimed.length === 0) return { claimed: 0, sent: 0, failed: 0 };

    // A recall or a series nudge is checked when it is due: the patient may have opted out or booked since.
    const toSend: ScheduledMessage[] = [];
    for (const message of claimed) {
      const skip =
        message.kind === "maintenance_recall"
          ? await findRecallSkipReason(store.db, message)
          : message.kind === "series_nudge"
            ? await findSeriesNudgeSkipReason(store.db, message)
            : null;
      if (skip === null) toSend.push(message);
      else
        await withWriteTransaction(store, (trx) =>
          cancelClaimedMessage(trx, message.id, this.claimant, skip),
        );
    }
    const templates = await loadMessageTemplates(store.db, [...new Set(claimed.map((m) => m.clinicId))]);
    const sent: string[] = [];
    const failures: { message: ScheduledMessage; error: unknown }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < toSend.length) {
        const message = toSend[next++] as ScheduledMessage;
        try {
          await this.send(message, overrideFor(templates, message));
          sent.push(message.id);
        } catch (error) {
          failures.push({ message, error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, toSend.length) }, worker));

    const doneAt = clock.now();
    // A link token is forgotten once its message is out: the message's copy here, and the outbox
    // event's it was taken from.
    const sentIds = new Set(sent);
    const spentEvents = claimed
      .filter((m) => m.secret !== null && m.eventId !== null && sentIds.has(m.id))
      .map((m) => m.eventId as string);
    await withWriteTransaction(store, async (trx) => {
      await markMessagesSent(trx, sent, this.claimant, doneAt.toString());
      for (const eventId of new Set(spentEvents)) await markOutboxEventSent(trx, eventId, doneAt.toString());
    });
    for (const { message, error } of failures) {
      const attempts = message.attempts + 1;
      const retryAt = retryAtAfter(doneAt, attempts, {
        maxAttempts: this.maxAttempts,
        backoffSeconds: this.backoffSeconds,
      });
      await withWriteTransaction(store, (trx) =>
        markMessageAttemptFailed(trx, message.id, this.claimant, { error: describe(error), retryAt }),
      );
    }
    return { claimed: claimed.length, sent: sent.length, failed: failures.length };
  }

  private async send(message: ScheduledMessage, override: MessageTemplate | undefined): Promise<void> {
    const template = templateFor(message, override);
    if (!template) throw new Error(`No ${message.channel} template for ${message.kind}`);
    if (message.channel === "email") {
      await this.options.email.send(composeEmail(message, template, this.options));
    } else {
      await this.options.sms.send(composeSms(message, template, this.options.publicOrigin));
    }
  }
}

function overrideFor(
  templates: Awaited<ReturnType<typeof loadMessageTemplates>>,
  message: ScheduledMessage,
): MessageTemplate | undefined {
  const row = templates.get(templateKey(message.clinicId, message.kind, message.channel));
  return row && { subject: row.subject, text: row.text_body, html: row.html_body };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
