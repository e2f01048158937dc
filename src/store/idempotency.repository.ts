import { sql } from "kysely";
import { fromDbInstant, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { DialectName } from "./database.js";
import { isUniqueViolation } from "./db-errors.js";
import { checkWithNextStatement, type HeldCheck } from "./held-checks.js";
import type { Executor, IdempotencyKeyRow } from "./schema.js";
import { insertTrailing } from "./trailing-inserts.js";

/**
 * Whose key it is: the clinic and the account that sent it. Two accounts that pick the same key
 * never meet. `accountId` is null for requests made without an account (the CLI, the demo seed).
 */
export interface IdempotencyScope {
  clinicId: string;
  accountId: string | null;
  key: string;
}

/** The answer given to the first request that carried `key`, replayed for its repeats. */
export interface IdempotencyRecord extends IdempotencyScope {
  /** A hash of the first request, so a different request reusing the key can be refused. */
  requestHash: string;
  responseStatus: number;
  responseBody: unknown;
  createdAt: string;
}

/** The column can be part of the primary key only if it is never NULL: no account is ''. */
const NO_ACCOUNT = "";

export async function findIdempotencyRecord(
  db: Executor,
  scope: IdempotencyScope,
): Promise<IdempotencyRecord | undefined> {
  const row = await findRecordQuery(db, scope).executeTakeFirst();
  return row && toRecord(row);
}

function findRecordQuery(db: Executor, scope: IdempotencyScope) {
  return db
    .selectFrom("idempotency_key")
    .selectAll()
    .where("clinic_id", "=", scope.clinicId)
    .where("account_id", "=", scope.accountId ?? NO_ACCOUNT)
    .where("key", "=", scope.key);
}

/**
 * Makes every other transaction that carries the same key wait here until this one ends, then
 * shows `judge` the key's recorded answer, if any, as committed by then. Take it first in the
 * transaction, before any row lock, so same-key requests queue on one lock instead of
 * deadlocking on holds, and each one after the first finds the recorded answer.
 *
 * On PostgreSQL the read leaves with the transaction's next statement and is judged when its
 * answer comes (see `checkWithNextStatement`): `judge` throws to stop the transaction there.
 * PostgreSQL: a transaction-scoped advisory lock on a 64-bit hash of the scope (a hash collision
 * only makes two unrelated requests take turns), taken and followed by the read in one call of
 * `idempotency_key_after_lock` (its migration says why a plain statement would not do). SQLite:
 * `BEGIN IMMEDIATE` already serializes every writer, so only the read, judged at once.
 */
export function lockAndCheckIdempotencyRecord(
  db: Executor,
  dialect: DialectName,
  scope: IdempotencyScope,
  judge: (record: IdempotencyRecord | undefined) => void,
): Promise<HeldCheck> {
  const judgeRow = (rows: readonly IdempotencyKeyRow[]) => judge(rows[0] && toRecord(rows[0]));
  if (dialect !== "postgres") return checkWithNextStatement(db, findRecordQuery(db, scope), judgeRow);
  const accountId = scope.accountId ?? NO_ACCOUNT;
  const lockName = JSON.stringify([scope.clinicId, accountId, scope.key]);
  const afterLock = sql<IdempotencyKeyRow>`idempotency_key_after_lock(${lockName}, ${scope.clinicId}, ${accountId}, ${scope.key})`;
  return checkWithNextStatement(db, db.selectFrom(afterLock.as("found")).selectAll(), judgeRow);
}

/**
 * Records the answer for a key. When the key is already recorded (a concurrent request won), the
 * database refuses the row and `whenTaken` is called: it throws, the transaction rolls back, and
 * the caller then reads and replays the stored answer. On PostgreSQL the row goes with the
 * transaction's next statement, usually its COMMIT (see `insertTrailing`), so `whenTaken` may be
 * called only then.
 */
export async function saveIdempotencyRecord(
  db: Executor,
  record: IdempotencyRecord,
  whenTaken: () => never,
): Promise<void> {
  await insertTrailing(db, {
    inserts: [
      (qc) =>
        qc.insertInto("idempotency_key").values({
          clinic_id: record.clinicId,
          account_id: record.accountId ?? NO_ACCOUNT,
          key: record.key,
          request_hash: record.requestHash,
          response_status: record.responseStatus,
          response_body: toDbJson(record.responseBody),
          created_at: toDbInstant(record.createdAt),
        }),
    ],
    // A refusal may surface only at the COMMIT, when nothing else can be done about it.
    refused: (error) => {
      if (isUniqueViolation(error, "idempotency_key")) whenTaken();
    },
  });
}

function toRecord(row: IdempotencyKeyRow): IdempotencyRecord {
  return {
    clinicId: row.clinic_id,
    accountId: row.account_id === NO_ACCOUNT ? null : row.account_id,
    key: row.key,
    requestHash: row.request_hash,
    responseStatus: row.response_status,
    responseBody: fromDbJson<unknown>(row.response_body),
    createdAt: fromDbInstant(row.created_at),
  };
}
