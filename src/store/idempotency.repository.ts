import { fromDbInstant, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { Executor, IdempotencyKeyRow } from "./schema.js";

/** The answer given to the first request that carried `key`, replayed for its repeats. */
export interface IdempotencyRecord {
  clinicId: string;
  key: string;
  /** A hash of the first request, so a different request reusing the key can be refused. */
  requestHash: string;
  responseStatus: number;
  responseBody: unknown;
  createdAt: string;
}

export async function findIdempotencyRecord(
  db: Executor,
  clinicId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const row = await db
    .selectFrom("idempotency_key")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("key", "=", key)
    .executeTakeFirst();
  return row && toRecord(row);
}

/**
 * Records the answer for a key. Returns false, writing nothing, when the key is already recorded
 * (a concurrent request won): the caller then reads and replays the stored answer.
 */
export async function saveIdempotencyRecord(db: Executor, record: IdempotencyRecord): Promise<boolean> {
  const result = await db
    .insertInto("idempotency_key")
    .values({
      clinic_id: record.clinicId,
      key: record.key,
      request_hash: record.requestHash,
      response_status: record.responseStatus,
      response_body: toDbJson(record.responseBody),
      created_at: toDbInstant(record.createdAt),
    })
    .onConflict((oc) => oc.columns(["clinic_id", "key"]).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

function toRecord(row: IdempotencyKeyRow): IdempotencyRecord {
  return {
    clinicId: row.clinic_id,
    key: row.key,
    requestHash: row.request_hash,
    responseStatus: row.response_status,
    responseBody: fromDbJson<unknown>(row.response_body),
    createdAt: fromDbInstant(row.created_at),
  };
}
