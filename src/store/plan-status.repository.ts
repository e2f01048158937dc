import type { Executor } from "./schema.js";

/**
 * Marks a plan superseded only if it still has the expected status; false when another request
 * got there first. The condition in the UPDATE makes the check and the change one step, so two
 * concurrent accepts of one draft cannot both win.
 */
export async function supersedePlanIfStatus(
  db: Executor,
  planId: string,
  expected: "draft" | "accepted",
): Promise<boolean> {
  const result = await db
    .updateTable("plan")
    .set({ status: "superseded" })
    .where("id", "=", planId)
    .where("status", "=", expected)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Supersedes the patient's accepted plans (at most one is current at a time). */
export async function supersedeAcceptedPlans(db: Executor, patientId: string): Promise<void> {
  await db
    .updateTable("plan")
    .set({ status: "superseded" })
    .where("patient_id", "=", patientId)
    .where("status", "=", "accepted")
    .execute();
}
