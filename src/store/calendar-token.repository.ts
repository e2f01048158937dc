import { fromDbInstant, toDbInstant } from "./codec.js";
import type { Executor } from "./schema.js";

/** Whose feed a token opens: one patient's, or one provider's. */
export type CalendarOwner = { patientId: string } | { providerId: string };

export interface CalendarToken {
  clinicId: string;
  owner: CalendarOwner;
  createdAt: string;
}

/** Stores the hash of the owner's new feed token, replacing their previous one (which stops working). */
export async function replaceCalendarToken(
  db: Executor,
  input: { tokenHash: string; clinicId: string; owner: CalendarOwner; createdAt: string },
): Promise<void> {
  await deleteCalendarToken(db, input.owner);
  await db
    .insertInto("calendar_token")
    .values({
      token_hash: input.tokenHash,
      clinic_id: input.clinicId,
      patient_id: "patientId" in input.owner ? input.owner.patientId : null,
      provider_id: "providerId" in input.owner ? input.owner.providerId : null,
      created_at: toDbInstant(input.createdAt),
    })
    .execute();
}

/** Revokes the owner's feed token; false when they had none. */
export async function deleteCalendarToken(db: Executor, owner: CalendarOwner): Promise<boolean> {
  const query = db.deleteFrom("calendar_token");
  const result = await ("patientId" in owner
    ? query.where("patient_id", "=", owner.patientId)
    : query.where("provider_id", "=", owner.providerId)
  ).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findCalendarToken(db: Executor, tokenHash: string): Promise<CalendarToken | undefined> {
  const row = await db
    .selectFrom("calendar_token")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const owner: CalendarOwner | undefined =
    row.patient_id !== null
      ? { patientId: row.patient_id }
      : row.provider_id !== null
        ? { providerId: row.provider_id }
        : undefined;
  return owner && { clinicId: row.clinic_id, owner, createdAt: fromDbInstant(row.created_at) };
}
