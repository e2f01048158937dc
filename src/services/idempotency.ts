import { createHash } from "node:crypto";
import { DomainError } from "../domain/errors.js";
import { findIdempotencyRecord, saveIdempotencyRecord } from "../store/idempotency.repository.js";
import type { Executor } from "../store/schema.js";

/** A stable hash of a request: same fields, same hash, whatever the key order. */
export function hashRequest(request: unknown): string {
  const canonical = JSON.stringify(request, (_key, value) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
  return createHash("sha256").update(canonical).digest("hex");
}

export interface IdempotentRequest {
  clinicId: string;
  key: string;
  hash: string;
}

/** The stored answer for a repeat of the same request; a different request with the key is refused. */
export async function findReplay<T>(db: Executor, request: IdempotentRequest): Promise<T | undefined> {
  const record = await findIdempotencyRecord(db, request.clinicId, request.key);
  if (!record) return undefined;
  if (record.requestHash !== request.hash) {
    throw new DomainError("idempotency_key_reused", "this Idempotency-Key was used for a different request", {
      fields: [{ path: "Idempotency-Key", message: "already used with a different body" }],
    });
  }
  return record.responseBody as T;
}

/** Another request with the same key committed first; roll back and replay its answer. */
export class IdempotencyRaceLost extends Error {
  override readonly name = "IdempotencyRaceLost";
}

export async function recordAnswer(db: Executor, request: IdempotentRequest, status: number, body: unknown) {
  const saved = await saveIdempotencyRecord(db, {
    clinicId: request.clinicId,
    key: request.key,
    requestHash: request.hash,
    responseStatus: status,
    responseBody: body,
  });
  if (!saved) throw new IdempotencyRaceLost(request.key);
}
