import type { Store } from "../../store/database.js";
import { countFailedMessages } from "../../store/message.repository.js";
import { oldestUnprocessedOutboxEvent, pendingMigrations, pingDatabase } from "../../store/ops.repository.js";

/**
 * One condition the server needs to serve well, checked by `/readyz`: the database is built in;
 * background workers (the outbox dispatcher) add their own when the server starts them.
 */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

export interface ReadinessResult {
  name: string;
  ok: boolean;
  detail?: string;
}

/** A check that takes longer than this counts as failed: a load balancer is waiting on the answer. */
const CHECK_TIMEOUT_MS = 2000;

export async function checkReadiness(
  store: Store,
  extra: readonly ReadinessCheck[],
): Promise<{ ready: boolean; checks: ReadinessResult[] }> {
  const database: ReadinessCheck = {
    name: "database",
    check: async () => {
      await pingDatabase(store);
      return { ok: true, detail: store.dialect };
    },
  };
  const migrations: ReadinessCheck = {
    name: "migrations",
    check: async () => {
      const pending = await pendingMigrations(store);
      return pending.length === 0
        ? { ok: true }
        : { ok: false, detail: `${pending.length} pending: run regimen migrate` };
    },
  };
  const checks = await Promise.all([database, migrations, ...extra].map(runCheck));
  return { ready: checks.every((check) => check.ok), checks };
}

async function runCheck(check: ReadinessCheck): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: "no answer in time" }), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([check.check(), timeout]);
    return { name: check.name, ok: result.ok, ...(result.detail !== undefined && { detail: result.detail }) };
  } catch (error) {
    // The reason goes to the operator; it names no patient data (connection and SQL errors only).
    return { name: check.name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Seconds since the oldest outbox event still waiting was written; 0 when none waits. */
export async function outboxLagSeconds(store: Store, nowEpochMs: number): Promise<number> {
  const oldest = await oldestUnprocessedOutboxEvent(store);
  if (oldest === null) return 0;
  return Math.max(0, (nowEpochMs - Date.parse(oldest)) / 1000);
}

/** Messages that failed for good, every clinic counted: the operator's cue that someone must look. */
export async function failedMessageCount(store: Store): Promise<number> {
  return countFailedMessages(store.db);
}

/** PostgreSQL's pool use; undefined on SQLite, which has one connection and no pool. */
export function databasePoolStats(
  store: Store,
): { total: number; idle: number; waiting: number } | undefined {
  return store.poolStats?.();
}
