import type { Temporal } from "temporal-polyfill";
import { type SessionPrincipal, STAFF_ROLES } from "../../domain/accounts/principal.js";
import type { Patient } from "../../domain/clinic/types.js";
import { DomainError, forbidden } from "../../domain/errors.js";
import type { Intake, Override } from "../../domain/protocol/intake.js";
import { bindOverride } from "../../domain/protocol/intake-facts.js";
import { buildPlanFromJson, type Plan } from "../../domain/protocol/plan.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import type { CatalogProduct } from "../../domain/protocol/routine.js";
import { dayOfInstant } from "../../domain/time/calendar.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { findIntakeVersion, findLatestIntake } from "../../store/intake.repository.js";
import { findPatientsByIds } from "../../store/patient.repository.js";
import {
  acceptDraftPlan,
  findPlanById,
  findPlanRequest,
  insertPlan,
  listCurrentDraftPlans,
  listPlansByPatient,
  type PlanRecord,
  type PlanRequest,
  savePlanRequest,
  supersedeOtherAcceptedPlans,
} from "../../store/plan.repository.js";
import type { Executor } from "../../store/schema.js";
import { listServices } from "../../store/service.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData, auditPatientWrite, auditStaffAction } from "../audit.js";
import { loadProtocol, loadProtocolVersion } from "../clinic/clinic-context.js";
import type { ServiceDeps } from "../service-deps.js";
import { loadRoutineProducts } from "./routine.service.js";

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

/**
 * Computes a draft plan from the latest intake, the clinic's current protocol and the patient's
 * zone, for the patient themself or their clinic's staff (whose write is audited).
 */
export async function createDraftPlan(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  ask: PlanAsk,
): Promise<StoredPlan> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  const { patient } = access;
  const intake = await findLatestIntake(deps.store.db, patient.id);
  if (!intake) throw new DomainError("invalid_state", "Save the intake first: the plan is computed from it.");
  const protocol = await loadProtocol(deps.store.db, patient.clinicId);
  const now = deps.clock.now();
  const routine = await routineSnapshot(deps.store.db, protocol, patient);
  const history = await completedTreatments(deps.store.db, patient);
  const request: PlanRequest = {
    asOf: dayOfInstant(now, patient.timeZone),
    ...ask,
    ...(routine !== undefined && { routine }),
    ...(history.count > 0 && {
      completedSessions: history.count,
      // A session elsewhere after the last one here still counts for the interval.
      previousSessionOn:
        ask.previousSessionOn !== undefined && ask.previousSessionOn > history.lastOn
          ? ask.previousSessionOn
          : history.lastOn,
    }),
  };
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
    await auditPatientWrite(
      trx,
      access,
      "plan.create",
      at,
      { planId: saved.id },
      {
        target: { type: "plan", id: saved.id },
      },
    );
    return saved;
  });
  return toStoredPlan(record);
}

/** The patient's plans, newest first, in summary. Staff reads are audited. */
export async function listPatientPlans(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<PlanRecord[]> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  await auditPatientData(deps.store.db, access, "plans.list", deps.clock.now().toString());
  return listPlansByPatient(deps.store.db, access.patient.id);
}

/** One of the patient's plans, in full. Staff reads are audited. */
export async function getPatientPlan(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  planId: string,
): Promise<StoredPlan> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  const record = await getPatientPlanOrFail(deps.store.db, access.patient.id, planId);
  await auditPatientData(deps.store.db, access, "plan.read", deps.clock.now().toString(), {
    planId: record.id,
  });
  return toStoredPlan(record);
}

/**
 * Staff accept a draft. It is recomputed from the very inputs that produced it (same intake
 * version, protocol version and request) plus the overrides, and becomes the accepted plan under
 * the same id; any earlier accepted plan of the patient is superseded. Only a provider may add
 * overrides, and each is signed with their name. A hard block or an unreviewed reason refuses.
 */
export async function acceptPlan(
  deps: ServiceDeps,
  staff: SessionPrincipal,
  patientId: string,
  planId: string,
  overrides: { code: string; reason: string }[],
): Promise<StoredPlan> {
  const db = deps.store.db;
  const access = await authorizePatientAccess(db, staff, patientId, STAFF_ROLES);
  const { patient } = access;
  if (overrides.length > 0 && staff.role !== "provider") {
    throw forbidden("Only a provider may override a protocol reason.");
  }
  const draft = await getPatientPlanOrFail(db, patient.id, planId);
  if (draft.status !== "draft") throw notADraft(draft.status);
  const stored = draft.data as Plan;
  const request = (await findPlanRequest(db, planId)) ?? requestOf(stored);
  const intake = await findIntakeVersion(db, patient.id, draft.intakeVersion);
  if (!intake) throw new DomainError("invalid_state", "The intake this plan was computed from is gone.");
  const protocol = await loadProtocolVersion(db, patient.clinicId, draft.protocolVersion);
  const signed: Override[] = overrides.map((o) => ({ ...o, by: staff.name }));
  const now = deps.clock.now();
  const plan = computePlan(protocol, patient, intake.data, request, signed, now);
  assertAcceptable(plan);

  const at = now.toString();
  const accepted = await withWriteTransaction(deps.store, async (trx) => {
    const record = await acceptDraftPlan(trx, planId, {
      data: plan,
      // Each override is stored with the intake facts it accepts: when they change, it lapses.
      overrides: signed.map((o) => bindOverride(o, intake.data)),
      acceptedBy: staff.accountId,
      acceptedAt: at,
    });
    if (!record) throw notADraft("accepted or superseded");
    await supersedeOtherAcceptedPlans(trx, patient.id, planId);
    await auditPatientWrite(
      trx,
      access,
      "plan.accept",
      at,
      { planId, overrides: signed.map((o) => o.code) },
      {
        target: { type: "plan", id: planId },
        // The provider's own words for each reason they overrode, as they signed them.
        reason: signed.length === 0 ? null : signed.map((o) => `${o.code}: ${o.reason}`).join("; "),
      },
    );
    return record;
  });
  return toStoredPlan(accepted);
}

/**
 * A stored plan in today's shape. Plans stored before a field existed read as what they were:
 * prep for session 1 only, a (new) series, no red flags, nothing refused.
 */
function currentShape(data: Partial<Plan> & Pick<Plan, "sessions" | "prep">): Plan {
  return {
    ...data,
    kind: data.kind ?? "series",
    completedSessions: data.completedSessions ?? 0,
    seriesLength: data.seriesLength ?? data.sessions.length,
    reassessOn: data.reassessOn ?? null,
    addOnsRefused: data.addOnsRefused ?? [],
    redFlags: data.redFlags ?? [],
    prep: data.prep.map((step) => ({ ...step, session: step.session ?? 1 })),
  } as Plan;
}

function toStoredPlan(record: PlanRecord): StoredPlan {
  return {
    ...currentShape(record.data as Plan),
    id: record.id,
    patientId: record.patientId,
    status: record.status,
    intakeVersion: record.intakeVersion,
    createdAt: record.createdAt,
    acceptedBy: record.acceptedBy,
    acceptedAt: record.acceptedAt,
  };
}

/**
 * The patient's completed treatment sessions at this clinic: how many, and the day of the last
 * (in the patient's zone). A continuing patient's plan goes on from them, whatever a request says.
 */
async function completedTreatments(
  db: Executor,
  patient: Patient,
): Promise<{ count: number; lastOn: string }> {
  const [bookings, services] = await Promise.all([
    listBookingsByPatient(db, patient.id),
    listServices(db, patient.clinicId),
  ]);
  const treatments = new Set(services.filter((s) => s.isTreatment).map((s) => s.id));
  const done = bookings.filter((b) => b.status === "completed" && treatments.has(b.serviceId));
  const last = done.at(-1);
  return { count: done.length, lastOn: last ? dayOfInstant(last.startsAt, patient.timeZone) : "" };
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
      ...(request.completedSessions !== undefined && { completedSessions: request.completedSessions }),
      ...intake,
      addOns: request.addOns,
      overrides,
      ...(request.routine !== undefined && { routine: request.routine.items }),
    },
    { protocol, now, products: (request.routine?.products ?? []) as CatalogProduct[] },
  );
}

/** The assigned routine, as the plan input names it; undefined when none is assigned. */
async function routineSnapshot(
  db: Executor,
  protocol: Protocol,
  patient: Patient,
): Promise<PlanRequest["routine"]> {
  const { products } = await loadRoutineProducts(db, protocol, patient.id, patient.clinicId);
  if (products.length === 0) return undefined;
  return {
    items: products.map((p) =>
      p.productId === null ? { kind: p.kind, times: p.times } : { productId: p.productId, times: p.times },
    ),
    products: products.flatMap((p) =>
      p.productId === null ? [] : [{ id: p.productId, name: p.name, kind: p.kind }],
    ),
  };
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

/** One of the patient's plans; another patient's plan is the same 404 as a missing one. */
async function getPatientPlanOrFail(db: Executor, patientId: string, planId: string): Promise<PlanRecord> {
  const record = await findPlanById(db, planId);
  if (!record || record.patientId !== patientId) throw new DomainError("not_found", "No such plan.");
  return record;
}

function notADraft(status: string): DomainError {
  return new DomainError("invalid_state", `Only a draft plan can be accepted; this one is ${status}.`);
}

/** How many current drafts the review queue reads at most, before it keeps those needing review. */
export const REVIEW_QUEUE_SCAN = 2000;

export interface ReviewQueueItem {
  planId: string;
  patientId: string;
  patientName: string;
  createdAt: string;
  protocolVersion: string;
  intakeVersion: number;
  /** The reasons a provider must accept (as overrides) before the plan can be. */
  reasons: { code: string; kind: string; detail: string }[];
}

/**
 * The provider review queue: each patient's current draft plan that holds a reason awaiting a
 * provider's review and no hard block (a block cannot be accepted at all), oldest first, one page
 * at a time. Audited in one row naming every patient the page showed.
 */
export async function listReviewQueueAs(
  deps: ServiceDeps,
  staff: SessionPrincipal,
  page: { limit: number; offset: number },
): Promise<{ items: ReviewQueueItem[]; total: number }> {
  const db = deps.store.db;
  const drafts = await listCurrentDraftPlans(db, staff.clinicId, REVIEW_QUEUE_SCAN);
  const waiting = drafts.flatMap((record) => {
    const live = (record.data as Plan).eligibility.reasons.filter((r) => r.override === null);
    const reasons = live.filter((r) => r.effect === "review");
    if (reasons.length === 0 || live.some((r) => r.effect === "block")) return [];
    return [{ record, reasons: reasons.map((r) => ({ code: r.code, kind: r.kind, detail: r.detail })) }];
  });
  const shown = waiting.slice(page.offset, page.offset + page.limit);
  const patients = await findPatientsByIds(
    db,
    staff.clinicId,
    shown.map((w) => w.record.patientId),
  );
  const names = new Map(patients.map((p) => [p.id, p.name]));
  const patientIds = [...new Set(shown.map((w) => w.record.patientId))].sort();
  await auditStaffAction(db, staff, "review_queue.read", deps.clock.now().toString(), {
    count: shown.length,
    patientIds,
  });
  return {
    items: shown.map(({ record, reasons }) => ({
      planId: record.id,
      patientId: record.patientId,
      patientName: names.get(record.patientId) ?? "",
      createdAt: record.createdAt,
      protocolVersion: record.protocolVersion,
      intakeVersion: record.intakeVersion,
      reasons,
    })),
    total: waiting.length,
  };
}
