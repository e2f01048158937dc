import { fromDbInstant, toDbInstant } from "./codec.js";
import type { Executor } from "./schema.js";

/** A patient self-registration waiting for its emailed link. */
export interface PatientSignup {
  clinicId: string;
  /** Normalized (trimmed, lower-cased) by the caller. */
  email: string;
  name: string;
  phone: string | null;
  timeZone: string;
  passwordHash: string;
  createdAt: string;
  expiresAt: string;
}

export interface NewPatientSignup extends PatientSignup {
  /** SHA-256 (hex) of the link's token; the token itself only travels in the outbox event. */
  tokenHash: string;
}

export async function createPatientSignup(db: Executor, input: NewPatientSignup): Promise<void> {
  await db
    .insertInto("patient_signup")
    .values({
      token_hash: input.tokenHash,
      clinic_id: input.clinicId,
      email: input.email,
      name: input.name,
      phone: input.phone,
      time_zone: input.timeZone,
      password_hash: input.passwordHash,
      created_at: toDbInstant(input.createdAt),
      expires_at: toDbInstant(input.expiresAt),
      used_at: null,
    })
    .execute();
}

/**
 * Marks an unused, unexpired sign-up used and returns it; undefined when the token is unknown,
 * used or expired. The conditional update makes a link good for exactly one account even when two
 * requests race.
 */
export async function consumePatientSignup(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<PatientSignup | undefined> {
  const at = toDbInstant(now);
  const result = await db
    .updateTable("patient_signup")
    .set({ used_at: at })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  const row = await db
    .selectFrom("patient_signup")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .executeTakeFirstOrThrow();
  return {
    clinicId: row.clinic_id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    timeZone: row.time_zone,
    passwordHash: row.password_hash,
    createdAt: fromDbInstant(row.created_at),
    expiresAt: fromDbInstant(row.expires_at),
  };
}
