import type { Temporal } from "temporal-polyfill";
import type { Patient } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import type { Intake, Override } from "../../domain/protocol/intake.js";
import { buildPlanFromJson, type Plan } from "../../domain/protocol/plan.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { dayOfInstant } from "../../domain/time/calendar.js";
import { findIntakeVersion, findLatestIntake } from "../../store/intake.repository.js";
import { findPlanById, insertPlan, type PlanRecord, updatePlanStatus } from "../../store/plan.repository.js";
import { findPlanRequest, type PlanRequest, savePlanRequest } from "../../store/plan-request.repository.js";
import { supersedeAcceptedPlans, supersedePlanIfStatus } from "../../store/plan-status.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { loadProtocol, loadProtocolVersion } from "../clinic/clinic-context.js";
import type { ServiceDeps } from "../deps.js";

/** The engine's plan as stored, with where it stands. */
export type StoredPlan = Plan & {
  id: string;
  patientId: string;
  status: PlanRecord["status"];
  intakeVersion: number;
  createdAt: string;
  acceptedBy: string | null;
  acceptedAt: string | null;
};

export interface PlanAsk {
  desiredStartOn?: string | undefined;
  previousSessionOn?: string | undefined;
  addOns: string[];
}

/** Computes a draft plan from the latest intake, the clinic's current protocol and the patient's zone. */
export async function createDraftPlan(
  deps: ServiceDeps,
  patient: Patient,
  ask: PlanAsk,
): Promise<StoredPlan> {
  const intake = await findLatestIntake(deps.store.db, patient.id);
  if (!intake) throw new DomainError("invalid_state", "Save the intake first: the plan is computed from it.");
  const protocol = await loadProtocol(deps.store.db, patient.clinicId);
  const now = deps.clock.now();
  const request: PlanRequest = { asOf: dayOfInstant(now, patient.timeZone), ...ask };
  const plan = computePlan(protocol, patient, intake.data, request, [], now);
  const at = now.toString();
  const record = await withWriteTransaction(deps.store, async (trx) => {
    const saved = await insertPlan(trx, {
      patientId: patient.id,
      protocolVersion: plan.protocolVersion,
      intakeVersion: intake.version,
      data: plan,
      createdAt: at,
    });
    await savePlanRequest(trx, saved.id, request);
    await deps.recordWrite?.(trx, {
      patientId: patient.id,
      action: "plan.create",
      detail: { planId: saved.id },
    });
    return saved;
  });
  return toStoredPlan(record);
}

/** One of the patient's plans; another patient's plan is the same 404 as a missing one. */
export async function getPlanOrFail(db: Executor, patientId: string, planId: string): Promise<PlanRecord> {
  const record = await findPlanById(db, planId);
  if (!record || record.patientId !== patientId) throw new DomainError("not_found", "No such plan.");
  return record;
}

/**
 * Staff accept a draft: it is recomputed from the very inputs that produced it (same intake
 * version, protocol version and request) plus the overrides, stored as a new accepted plan, and
 * the draft (and any earlier accepted plan) is superseded. Overrides are signed with the name of
 * who accepts (the edge lets only providers override). A hard block or an unreviewed reason refuses.
 */
export async function acceptPlan(
  deps: ServiceDeps,
  patient: Patient,
  acceptedBy: { accountId: string; name: string },
  planId: string,
  overrides: { code: string; reason: string }[],
): Promise<StoredPlan> {
  const db = deps.store.db;
  const draft = await getPlanOrFail(db, patient.id, planId);
  if (draft.status !== "draft") throw notADraft(draft.status);
  const stored = draft.data as Plan;
  const request = (await findPlanRequest(db, planId)) ?? requestOf(stored);
  const intake = await findIntakeVersion(db, patient.id, draft.intakeVersion);
  if (!intake) throw new DomainError("invalid_state", "The intake this plan was computed from is gone.");
  const protocol = await loadProtocolVersion(db, patient.clinicId, draft.protocolVersion);
  const signed: Override[] = overrides.map((o) => ({ ...o, by: acceptedBy.name }));
  const now = deps.clock.now();
  const plan = computePlan(protocol, patient, intake.data, request, signed, now);
  assertAcceptable(plan);

  const at = now.toString();
  const accepted = await withWriteTransaction(deps.store, async (trx) => {
    if (!(await supersedePlanIfStatus(trx, planId, "draft"))) throw notADraft("accepted or superseded");
    await supersedeAcceptedPlans(trx, patient.id);
    const saved = await insertPlan(trx, {
      patientId: patient.id,
      protocolVersion: plan.protocolVersion,
      intakeVersion: draft.intakeVersion,
      data: plan,
      status: "accepted",
      overrides: signed,
      createdAt: at,
    });
    await savePlanRequest(trx, saved.id, request);
    await deps.recordWrite?.(trx, {
      patientId: patient.id,
      action: "plan.accept",
      detail: { planId: saved.id, draftPlanId: planId },
    });
    return updatePlanStatus(trx, saved.id, { status: "accepted", acceptedBy: acceptedBy.accountId, at });
  });
  if (!accepted) throw new Error(`accepted plan vanished inside its own transaction`);
  return toStoredPlan(accepted);
}

export function toStoredPlan(record: PlanRecord): StoredPlan {
  return {
    ...(record.data as Plan),
    id: record.id,
    patientId: record.patientId,
    status: record.status,
    intakeVersion: record.intakeVersion,
    createdAt: record.createdAt,
    acceptedBy: record.acceptedBy,
    acceptedAt: record.acceptedAt,
  };
}

function computePlan(
  protocol: Protocol,
  patient: Patient,
  intake: Intake,
  request: PlanRequest,
  overrides: Override[],
  now: Temporal.Instant,
): Plan {
  // Through the JSON entry point, so the domain validates the whole input and names bad fields.
  return buildPlanFromJson(
    {
      asOf: request.asOf,
      timeZone: patient.timeZone,
      ...(request.desiredStartOn !== undefined && { desiredStartOn: request.desiredStartOn }),
      ...(request.previousSessionOn !== undefined && { previousSessionOn: request.previousSessionOn }),
      ...intake,
      addOns: request.addOns,
      overrides,
    },
    { protocol, now },
  );
}

/** Plans stored before plan_request existed (or by other code) still carry most of their inputs. */
function requestOf(plan: Plan): PlanRequest {
  return { asOf: plan.asOf, desiredStartOn: plan.desiredStartOn, addOns: [...plan.addOnsChosen] };
}

function assertAcceptable(plan: Plan): void {
  const live = plan.eligibility.reasons.filter((r) => r.override === null);
  const blocks = live.filter((r) => r.effect === "block").map((r) => r.code);
  if (plan.earliestStartOn === null || blocks.length > 0) {
    throw new DomainError("contraindicated", `A hard contraindication stands: ${blocks.join(", ")}.`, {
      reasons: blocks,
    });
  }
  const reviews = live.filter((r) => r.effect === "review").map((r) => r.code);
  if (reviews.length > 0) {
    throw new DomainError(
      "needs_provider_review",
      `A provider must accept these first (as overrides): ${reviews.join(", ")}.`,
      { reasons: reviews },
    );
  }
}

function notADraft(status: string): DomainError {
  return new DomainError("invalid_state", `Only a draft plan can be accepted; this one is ${status}.`);
}
