import { randomUUID } from "node:crypto";
import type { Clock } from "../domain/time/clock.js";
import {
  WEBHOOK_EVENT_ID_HEADER,
  WEBHOOK_RESPONSE_EXCERPT_BYTES,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookAttempt,
} from "../domain/webhooks/webhooks.js";
import type { Store } from "../store/database.js";
import { withWriteTransaction } from "../store/transaction.js";
import {
  type ClaimedWebhookDelivery,
  claimDueWebhookDeliveries,
  pruneWebhookDeliveries,
  recordWebhookAttempt,
} from "../store/webhook.repository.js";
import { PollingLoop, retryAtAfter } from "./polling.js";
import { postWebhook } from "./webhook-post.js";
import { signWebhook } from "./webhook-signature.js";

export interface WebhookDelivererOptions {
  store: Store;
  clock: Clock;
  /** Names this deliverer's claims; unique per process by default. */
  claimant?: string;
  /** Deliveries claimed at once (default 50). */
  batchSize?: number;
  /** Requests in flight at the same time within a batch (default 10). */
  concurrency?: number;
  /** How long one request may take, answer included (default 10 s). */
  timeoutMilliseconds?: number;
  /**
   * How long a claim holds (default 120 s). It must outlast one batch: with the defaults, five
   * rounds of ten requests that each time out after 10 s take 50 s.
   */
  claimSeconds?: number;
  /** Pause between polls when nothing is due (default 1 s). */
  idleMilliseconds?: number;
  /** Tries before a delivery ends `failed` (default 8: the last about an hour after the first, at 30 s). */
  maxAttempts?: number;
  /** The first retry's delay; each later one doubles it (default 30 s). */
  backoffSeconds?: number;
  /**
   * Days the delivery log keeps a delivered or failed delivery (default 30). The deliverer
   * deletes older ones, a bounded number at a time, at most once an hour, when it has no full batch.
   */
  retentionDays?: number;
  /**
   * Whether endpoints may be on private networks (loopback, 10/8, 192.168/16, link-local, …).
   * Off by default: a clinic admin must not reach the server's own network through a webhook.
   */
  allowPrivateNetworks?: boolean;
  /** Told about failures the loop itself hit (database down, …); it carries on after a pause. */
  onError?: (error: unknown) => void;
}

export interface WebhookBatchResult {
  claimed: number;
  delivered: number;
  failed: number;
}

/**
 * POSTs the webhook deliveries that are due, signed with their endpoint's secret. A 2xx answer
 * delivers; anything else (another status, a redirect, a timeout, a refused connection, a private
 * address when those are not allowed) is
 * retried with exponential backoff until the tries run out. Every try is logged.
 *
 * Delivery is at least once: a crash between the receiver's 2xx and the log's write sends the
 * event again, with the same `Regimen-Event-Id`, which receivers dedupe on. Several deliverers may
 * share a database; claims work as the message dispatcher's do.
 */
export class WebhookDeliverer {
  readonly claimant: string;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly timeoutMilliseconds: number;
  private readonly claimSeconds: number;
  private readonly maxAttempts: number;
  private readonly backoffSeconds: number;
  private readonly allowPrivateNetworks: boolean;
  private readonly retentionDays: number;
  private readonly loop: PollingLoop;
  /** When the log was last pruned (epoch ms by the injected clock); 0 before the first time. */
  private prunedAtMs = 0;

  constructor(private readonly options: WebhookDelivererOptions) {
    this.claimant = options.claimant ?? `webhooks-${randomUUID()}`;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = options.concurrency ?? 10;
    this.timeoutMilliseconds = options.timeoutMilliseconds ?? 10_000;
    this.claimSeconds = options.claimSeconds ?? 120;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffSeconds = options.backoffSeconds ?? 30;
    this.allowPrivateNetworks = options.allowPrivateNetworks ?? false;
    this.retentionDays = options.retentionDays ?? 30;
    this.loop = new PollingLoop({
      runOnce: async () => (await this.runOnce()).claimed,
      batchSize: this.batchSize,
      idleMilliseconds: options.idleMilliseconds ?? 1000,
      onError: options.onError,
    });
  }

  /** Polls until `stop()`. */
  start(): void {
    this.loop.start();
  }

  /** Finishes the batch in hand and claims nothing more. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Claims one batch of due deliveries and sends it. */
  async runOnce(): Promise<WebhookBatchResult> {
    const { store, clock } = this.options;
    const now = clock.now();
    const claimed = await withWriteTransaction(store, (trx) =>
      claimDueWebhookDeliveries(trx, store.dialect, {
        claimant: this.claimant,
        now: now.toString(),
        until: now.add({ seconds: this.claimSeconds }).toString(),
        limit: this.batchSize,
      }),
    );
    const result: WebhookBatchResult = { claimed: claimed.length, delivered: 0, failed: 0 };
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++] as ClaimedWebhookDelivery;
        const attempt = await this.post(delivery);
        const delivered =
          attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;
        const outcome = delivered
          ? { delivered: true as const }
          : {
              delivered: false as const,
              retryAt: retryAtAfter(clock.now(), delivery.attempts + 1, {
                maxAttempts: this.maxAttempts,
                backoffSeconds: this.backoffSeconds,
              }),
            };
        await withWriteTransaction(store, (trx) =>
          recordWebhookAttempt(trx, this.claimant, delivery, attempt, outcome),
        );
        if (delivered) result.delivered++;
        else result.failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, claimed.length) }, worker));
    if (claimed.length < this.batchSize) await this.pruneLog();
    return result;
  }

  /** Deletes log entries past their retention, once an hour at most. */
  private async pruneLog(): Promise<void> {
    const { store, clock } = this.options;
    const now = clock.now();
    if (now.epochMilliseconds - this.prunedAtMs < 3_600_000) return;
    this.prunedAtMs = now.epochMilliseconds;
    const before = now.subtract({ hours: 24 * this.retentionDays }).toString();
    await withWriteTransaction(store, (trx) => pruneWebhookDeliveries(trx, { before, limit: 1000 }));
  }

  /** One signed POST; never throws: what went wrong is the attempt's `error`. */
  private async post(delivery: ClaimedWebhookDelivery): Promise<Omit<WebhookAttempt, "number">> {
    const at = this.options.clock.now();
    const unixSeconds = Math.floor(at.epochMilliseconds / 1000);
    // A monotonic timer, for the duration only; the attempt's time comes from the clock.
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    try {
      const answer = await postWebhook(delivery.url, {
        headers: {
          "content-type": "application/json",
          "user-agent": "Regimen-Webhooks/1",
          [WEBHOOK_EVENT_ID_HEADER]: delivery.eventId,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(delivery.secret, delivery.body, unixSeconds),
        },
        body: delivery.body,
        timeoutMilliseconds: this.timeoutMilliseconds,
        excerptBytes: WEBHOOK_RESPONSE_EXCERPT_BYTES,
        allowPrivateNetworks: this.allowPrivateNetworks,
      });
      const ok = answer.statusCode >= 200 && answer.statusCode < 300;
      return {
        at: at.toString(),
        statusCode: answer.statusCode,
        durationMs: elapsed(),
        error: ok ? null : `The receiver answered ${answer.statusCode}.`,
        responseExcerpt: answer.excerpt,
      };
    } catch (error) {
      return {
        at: at.toString(),
        statusCode: null,
        durationMs: elapsed(),
        error: error instanceof Error ? error.message : String(error),
        responseExcerpt: null,
      };
    }
  }
}
