import { createHash } from "node:crypto";
import { DomainError, isDomainError } from "../../domain/errors.js";
import type { DialectName } from "../../store/database.js";
import type { HeldCheck } from "../../store/held-checks.js";
import {
  type IdempotencyScope,
  lockAndCheckIdempotencyRecord,
  saveIdempotencyRecord,
} from "../../store/idempotency.repository.js";
import type { Executor } from "../../store/schema.js";
import { withOverlapRetry } from "../../store/transaction.js";
import type { ServiceDeps } from "../service-deps.js";

/** A stable hash of a request: same fields, same hash, whatever the key order. */
export function hashRequest(request: unknown): string {
  const canonical = JSON.stringify(request, (_key, value) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
  return createHash("sha256").update(canonical).digest("hex");
}

export interface IdempotentRequest extends IdempotencyScope {
  hash: string;
}

/**
 * The key's scope is the clinic and the account that sent it (null: no account, e.g. the CLI);
 * the hash covers the operation and the request's meaning.
 */
export function idempotentRequest(
  sender: { clinicId: string; accountId?: string | null | undefined },
  key: string | undefined,
  operation: string,
  meaning: unknown,
): IdempotentRequest | undefined {
  if (key === undefined) return undefined;
  const scope = { clinicId: sender.clinicId, accountId: sender.accountId ?? null, key };
  return { ...scope, hash: hashRequest({ operation, meaning }) };
}

/** Another request with the same key committed first; roll back and replay its answer. */
class IdempotencyRaceLost extends Error {
  override readonly name = "IdempotencyRaceLost";
}

/** The key already has an answer: roll back and replay it. */
class AnswerToReplay extends Error {
  override readonly name = "AnswerToReplay";
  constructor(readonly answer: unknown) {
    super("the Idempotency-Key has an answer to replay");
  }
}

/**
 * Waits for the key's lock and judges the answer recorded for it, if any: one to replay stops the
 * transaction with `AnswerToReplay`; one recorded for a different request is refused.
 */
function checkForReplay(db: Executor, dialect: DialectName, request: IdempotentRequest): Promise<HeldCheck> {
  return lockAndCheckIdempotencyRecord(db, dialect, request, (record) => {
    if (!record) return;
    if (record.requestHash !== request.hash) {
      throw new DomainError(
        "idempotency_key_reused",
        "This Idempotency-Key was used for a different request.",
        {
          fields: [{ path: "Idempotency-Key", message: "already used with a different request" }],
        },
      );
    }
    throw new AnswerToReplay(record.responseBody);
  });
}

/** Runs `write`, then waits for the check's verdict, which wins over whatever `write` did. */
async function writeOnceChecked<T>(check: HeldCheck | undefined, write: () => Promise<T>): Promise<T> {
  let value: T;
  try {
    value = await write();
  } catch (error) {
    await check?.judged();
    throw error;
  }
  await check?.judged();
  return value;
}

async function recordAnswer(db: Executor, request: IdempotentRequest, body: unknown, createdAt: string) {
  await saveIdempotencyRecord(
    db,
    {
      clinicId: request.clinicId,
      accountId: request.accountId,
      key: request.key,
      requestHash: request.hash,
      responseStatus: 201,
      responseBody: body,
      createdAt,
    },
    () => {
      throw new IdempotencyRaceLost(request.key);
    },
  );
}

/**
 * Runs a creating write once per key: a repeat of the same request gets the first answer back,
 * in the same transaction that would otherwise write, so a crash between the two cannot split them.
 * Requests with one key take turns on the key's lock before anything else, so a storm of
 * identical requests is one write and a queue of quick replays, never a pile-up on the same holds.
 * On PostgreSQL the key's read travels with the write's first statement (see `HeldCheck`): a
 * replay stops the write at that statement's answer and rolls back what it began.
 */
export async function idempotentWrite<T>(
  { store, clock }: Pick<ServiceDeps, "store" | "clock">,
  request: IdempotentRequest | undefined,
  write: (trx: Executor) => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  const attempt = async () => {
    try {
      return await withOverlapRetry(store, async (trx) => {
        const check = request && (await checkForReplay(trx, store.dialect, request));
        const value = await writeOnceChecked(check, () => write(trx));
        if (request) await recordAnswer(trx, request, value, clock.now().toString());
        return { value, replayed: false };
      });
    } catch (error) {
      if (error instanceof AnswerToReplay) return { value: error.answer as T, replayed: true };
      throw error;
    }
  };
  try {
    return await attempt();
  } catch (error) {
    // Two requests with one key raced: the loser replays the winner's answer.
    if (request && (isConflict(error) || error instanceof IdempotencyRaceLost)) return attempt();
    throw error;
  }
}

function isConflict(error: unknown): boolean {
  return isDomainError(error) && error.code === "conflict";
}
