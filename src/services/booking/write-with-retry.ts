import { DomainError } from "../../domain/errors.js";
import type { Store } from "../../store/database.js";
import { isOverlapViolation } from "../../store/db-errors.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";

const OVERLAP_ATTEMPTS = 5;

/**
 * A booking write that PostgreSQL's exclusion constraint may refuse. Two racers can read the
 * same free room; the loser retries once the winner is visible, and so gets another room if
 * one is free, or a clean `slot_taken` when the time is really gone.
 */
export async function writeWithOverlapRetry<T>(store: Store, fn: (trx: Executor) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withWriteTransaction(store, fn);
    } catch (error) {
      if (!isOverlapViolation(error)) throw error;
      if (attempt >= OVERLAP_ATTEMPTS) {
        throw new DomainError(
          "slot_taken",
          "That time has just been taken; choose another slot.",
          {},
          { cause: error },
        );
      }
    }
  }
}
