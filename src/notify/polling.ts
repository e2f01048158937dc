import type { Temporal } from "temporal-polyfill";

/**
 * The loop behind the outbox workers (the message dispatcher, the webhook deliverer): call
 * `runOnce` until `stop()`; a full batch is followed at once by the next, a short one by a pause.
 * Errors the batch itself throws (database down, …) go to `onError`, and the loop carries on
 * after the pause.
 */
export class PollingLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly options: {
      /** Claims and works one batch; returns how many it claimed. */
      runOnce: () => Promise<number>;
      batchSize: number;
      idleMilliseconds: number;
      onError?: ((error: unknown) => void) | undefined;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let claimed = 0;
        try {
          claimed = await this.options.runOnce();
        } catch (error) {
          this.options.onError?.(error);
        }
        if (this.running && claimed < this.options.batchSize) await this.pause(this.options.idleMilliseconds);
      }
    })();
  }

  /** Finishes the batch in hand and claims nothing more. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/**
 * When a failed try is due again: after `backoffSeconds`, doubling with each try (30 s, 1 min,
 * 2 min, … for 30), or null once `attempts` (the tries made, this one included) reach
 * `maxAttempts`: then it is given up.
 */
export function retryAtAfter(
  failedAt: Temporal.Instant,
  attempts: number,
  policy: { maxAttempts: number; backoffSeconds: number },
): string | null {
  if (attempts >= policy.maxAttempts) return null;
  return failedAt.add({ seconds: policy.backoffSeconds * 2 ** (attempts - 1) }).toString();
}
