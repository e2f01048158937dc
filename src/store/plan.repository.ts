import { randomUUID } from "node:crypto";
import type { Override } from "../domain/protocol/intake.js";
import { fromDbInstant, fromDbInstantOrNull, fromDbJson, toDbInstant, toDbJson } from "./codec.js";
import type { Executor, PlanRow } from "./schema.js";

export type PlanStatus = "draft" | "accepted" | "superseded";

/**
 * A stored treatment plan. Its content belongs to domain/protocol; the store keeps it as JSON and
 * hands it back unparsed (`unknown`) for the caller to validate. It records which protocol version
 * and intake version produced it.
 */
export interface PlanRecord {
  id: string;
  patientId: string;
  protocolVersion: string;
  intakeVersion: number;
  data: unknown;
  status: PlanStatus;
  createdAt: string;
  acceptedBy: string | null;
  acceptedAt: string | null;
  overrides: Override[];
}

export interface NewPlan {
  patientId: string;
  protocolVersion: string;
  intakeVersion: number;
  data: unknown;
  status?: PlanStatus;
  overrides?: Override[];
  createdAt: string;
}

export async function insertPlan(db: Executor, input: NewPlan): Promise<PlanRecord> {
  const row = {
    id: randomUUID(),
    patient_id: input.patientId,
    protocol_version: input.protocolVersion,
    intake_version: input.intakeVersion,
    data: toDbJson(input.data),
    status: input.status ?? "draft",
    created_at: toDbInstant(input.createdAt),
    accepted_by: null,
    accepted_at: null,
    overrides: toDbJson(input.overrides ?? []),
  };
  await db.insertInto("plan").values(row).execute();
  return toPlan(row);
}

export async function findPlanById(db: Executor, id: string): Promise<PlanRecord | undefined> {
  const row = await db.selectFrom("plan").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toPlan(row);
}

/** Newest first. */
export async function listPlansByPatient(db: Executor, patientId: string): Promise<PlanRecord[]> {
  const rows = await db
    .selectFrom("plan")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map(toPlan);
}

/**
 * The overrides on the patient's newest accepted plan (none without one). Only that column is
 * read: searches and bookings ask this on every call, and a plan's JSON is large.
 */
export async function findAcceptedOverrides(db: Executor, patientId: string): Promise<Override[]> {
  const row = await db
    .selectFrom("plan")
    .select("overrides")
    .where("patient_id", "=", patientId)
    .where("status", "=", "accepted")
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return row ? fromDbJson<Override[]>(row.overrides) : [];
}

/**
 * The overrides on the patient's newest accepted plan and the intake version that plan was
 * computed from (undefined without an accepted plan): what gating needs to tell whether each
 * override still rests on the facts it was accepted for.
 */
export async function findAcceptedPlanOverrides(
  db: Executor,
  patientId: string,
): Promise<AcceptedPlanOverrides | undefined> {
  const row = await acceptedPlanOverridesQuery(db, patientId).executeTakeFirst();
  return row && toAcceptedPlanOverrides(row);
}

/** The accepted plan's overrides and the intake version the plan was computed from. */
export interface AcceptedPlanOverrides {
  overrides: Override[];
  intakeVersion: number;
}

/** The read behind `findAcceptedPlanOverrides`, for a statement that nests it (see patient-records.repository.ts). */
export function acceptedPlanOverridesQuery(db: Executor, patientId: string) {
  return db
    .selectFrom("plan")
    .select(["overrides", "intake_version"])
    .where("patient_id", "=", patientId)
    .where("status", "=", "accepted")
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(1);
}

export function toAcceptedPlanOverrides(
  row: Pick<PlanRow, "overrides" | "intake_version">,
): AcceptedPlanOverrides {
  return { overrides: fromDbJson<Override[]>(row.overrides), intakeVersion: row.intake_version };
}

export interface PlanAcceptance {
  /** The plan recomputed with the overrides: replaces the draft's content. */
  data: unknown;
  overrides: Override[];
  /** Account id of the staff member who accepted. */
  acceptedBy: string;
  acceptedAt: string;
}

/**
 * Turns a draft into the accepted plan, keeping its id: its content and overrides are replaced and
 * who accepted, and when, recorded. Undefined when the plan is no longer a draft (or not there):
 * the status condition in the UPDATE makes the check and the change one step, so two concurrent
 * accepts of one draft cannot both win.
 */
export async function acceptDraftPlan(
  db: Executor,
  planId: string,
  acceptance: PlanAcceptance,
): Promise<PlanRecord | undefined> {
  const result = await db
    .updateTable("plan")
    .set({
      status: "accepted",
      data: toDbJson(acceptance.data),
      overrides: toDbJson(acceptance.overrides),
      accepted_by: acceptance.acceptedBy,
      accepted_at: toDbInstant(acceptance.acceptedAt),
    })
    .where("id", "=", planId)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  return findPlanById(db, planId);
}

/** Supersedes the patient's other accepted plans: at most one is current at a time. */
export async function supersedeOtherAcceptedPlans(
  db: Executor,
  patientId: string,
  currentPlanId: string,
): Promise<void> {
  await db
    .updateTable("plan")
    .set({ status: "superseded" })
    .where("patient_id", "=", patientId)
    .where("status", "=", "accepted")
    .where("id", "!=", currentPlanId)
    .execute();
}

export interface PlanStatusChange {
  status: PlanStatus;
  /** Staff user who accepted; recorded with `acceptedAt` when the status becomes `accepted`. */
  acceptedBy?: string;
  /** Replaces the stored overrides when given. */
  overrides?: Override[];
  at: string;
}

/** Sets a plan's status as given, whatever it was (the demo seed); undefined when there is no such plan. */
export async function updatePlanStatus(
  db: Executor,
  id: string,
  change: PlanStatusChange,
): Promise<PlanRecord | undefined> {
  const accepting = change.status === "accepted";
  await db
    .updateTable("plan")
    .set({
      status: change.status,
      ...(accepting && {
        accepted_by: change.acceptedBy ?? null,
        accepted_at: toDbInstant(change.at),
      }),
      ...(change.overrides !== undefined && { overrides: toDbJson(change.overrides) }),
    })
    .where("id", "=", id)
    .execute();
  return findPlanById(db, id);
}

/** What a stored plan was computed from, beside its intake version and protocol version. */
export interface PlanRequest {
  asOf: string;
  desiredStartOn?: string | undefined;
  previousSessionOn?: string | undefined;
  /** Completed treatment sessions at the clinic when the plan was made (from its bookings). */
  completedSessions?: number | undefined;
  addOns: string[];
  /**
   * The patient's skincare routine when the draft was made, with the catalog products it named
   * as they were then: accepting recomputes the very same routine section.
   */
  routine?: {
    items: { kind?: string; productId?: string; times: string[] }[];
    products: { id: string; name: string; kind: string }[];
  };
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

function toPlan(row: PlanRow): PlanRecord {
  return {
    id: row.id,
    patientId: row.patient_id,
    protocolVersion: row.protocol_version,
    intakeVersion: row.intake_version,
    data: fromDbJson<unknown>(row.data),
    status: row.status,
    createdAt: fromDbInstant(row.created_at),
    acceptedBy: row.accepted_by,
    acceptedAt: fromDbInstantOrNull(row.accepted_at),
    overrides: fromDbJson<Override[]>(row.overrides),
  };
}

/**
 * The clinic's current drafts, oldest first, at most `limit`: each patient's drafts that no newer
 * draft or accepted plan has replaced (an older draft is stale once a newer plan exists).
 */
export async function listCurrentDraftPlans(
  db: Executor,
  clinicId: string,
  limit: number,
): Promise<PlanRecord[]> {
  const rows = await db
    .selectFrom("plan")
    .innerJoin("patient", "patient.id", "plan.patient_id")
    .selectAll("plan")
    .where("patient.clinic_id", "=", clinicId)
    .where("plan.status", "=", "draft")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("plan as newer")
            .select("newer.id")
            .whereRef("newer.patient_id", "=", "plan.patient_id")
            .where("newer.status", "in", ["draft", "accepted"])
            .where((eb) =>
              eb.or([
                eb("newer.created_at", ">", eb.ref("plan.created_at")),
                eb.and([
                  eb("newer.created_at", "=", eb.ref("plan.created_at")),
                  eb("newer.id", ">", eb.ref("plan.id")),
                ]),
              ]),
            ),
        ),
      ),
    )
    .orderBy("plan.created_at")
    .orderBy("plan.id")
    .limit(limit)
    .execute();
  return rows.map(toPlan);
}
