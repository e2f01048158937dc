import { DomainError } from "../domain/errors.js";

/** The DomainError a call refuses with; fails the test when it succeeds or throws anything else. */
export async function refusalOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}
