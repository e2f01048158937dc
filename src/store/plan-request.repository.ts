import { fromDbJson, toDbJson } from "./codec.js";
import type { Executor } from "./schema.js";

/** What a stored plan was computed from, beside its intake version and protocol version. */
export interface PlanRequest {
  asOf: string;
  desiredStartOn?: string | undefined;
  previousSessionOn?: string | undefined;
  addOns: string[];
}

export async function savePlanRequest(db: Executor, planId: string, request: PlanRequest): Promise<void> {
  await db
    .insertInto("plan_request")
    .values({ plan_id: planId, data: toDbJson(request) })
    .execute();
}

export async function findPlanRequest(db: Executor, planId: string): Promise<PlanRequest | undefined> {
  const row = await db
    .selectFrom("plan_request")
    .select("data")
    .where("plan_id", "=", planId)
    .executeTakeFirst();
  return row && fromDbJson<PlanRequest>(row.data);
}
