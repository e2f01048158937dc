import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError, type FieldProblem } from "../../domain/errors.js";
import type { ProductKind, RoutineTime } from "../../domain/protocol/codes.js";
import type { RoutineItemInput } from "../../domain/protocol/plan-input.schema.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { type RoutineProduct, resolveRoutine, routineRulesOf } from "../../domain/protocol/routine.js";
import { describeProblems } from "../../domain/validation/field-problems.js";
import {
  type ClinicProduct,
  findPatientRoutine,
  listProducts,
  type PatientRoutine,
  savePatientRoutine,
} from "../../store/product.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData } from "../audit.js";
import { loadProtocol } from "../clinic/clinic-context.js";
import type { ServiceDeps } from "../service-deps.js";

export interface RoutineItemView {
  kind: ProductKind;
  productId: string | null;
  name: string;
  times: RoutineTime[];
  label: string;
  advice: string;
  pausedAroundSessions: boolean;
}

export interface RoutineView {
  patientId: string;
  items: RoutineItemView[];
  /** The provider's account id and when; null while no routine was assigned. */
  assignedBy: string | null;
  assignedAt: string | null;
}

/** Only providers (and admins) assign a routine: it tells the patient what to stop and when. */
const ASSIGNERS = ["provider", "admin"] as const;

/**
 * Replaces the patient's routine. Catalog products must exist and be active; each item keeps its
 * product's kind. The audit row commits with the change.
 */
export async function assignPatientRoutine(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  items: readonly RoutineItemInput[],
): Promise<RoutineView> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId, ASSIGNERS);
  const { patient } = access;
  const protocol = await loadProtocol(deps.store.db, patient.clinicId, deps.setupCache?.protocols);
  const at = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    const catalog = await listProducts(trx, patient.clinicId);
    const retired: FieldProblem[] = [];
    items.forEach((item, i) => {
      if (catalog.some((p) => p.id === item.productId && !p.active))
        retired.push({ path: `items[${i}].productId`, message: "is retired from the catalog" });
    });
    if (retired.length > 0)
      throw new DomainError("invalid_input", `The routine is not valid: ${describeProblems(retired)}.`, {
        fields: retired,
      });
    const products = resolveRoutine(protocol, items, catalog, "items");
    await savePatientRoutine(trx, {
      patientId: patient.id,
      items: products.map((p) => ({ kind: p.kind, productId: p.productId, times: p.times })),
      assignedBy: principal.accountId,
      assignedAt: at,
    });
    await auditPatientData(trx, access, "routine.assign", at, { items: products.length });
  });
  return readRoutine(deps.store.db, protocol, patient.id, patient.clinicId);
}

/** The patient's routine, for the patient themself or their clinic's staff (whose read is audited). */
export async function getPatientRoutine(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<RoutineView> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  const { patient } = access;
  const protocol = await loadProtocol(deps.store.db, patient.clinicId, deps.setupCache?.protocols);
  await auditPatientData(deps.store.db, access, "routine.read", deps.clock.now().toString());
  return readRoutine(deps.store.db, protocol, patient.id, patient.clinicId);
}

/**
 * The stored routine with each product's current name and kind from the catalog (a renamed or
 * re-kinded product follows); an empty list when none was assigned.
 */
export async function loadRoutineProducts(
  db: Executor,
  protocol: Protocol,
  patientId: string,
  clinicId: string,
): Promise<{ products: RoutineProduct[]; assignedBy: string | null; assignedAt: string | null }> {
  const stored = await findPatientRoutine(db, patientId);
  if (!stored) return { products: [], assignedBy: null, assignedAt: null };
  return {
    products: routineProductsOf(protocol, stored, await listProducts(db, clinicId)),
    assignedBy: stored.assignedBy,
    assignedAt: stored.assignedAt,
  };
}

/** A stored routine's products as `loadRoutineProducts` names them, from catalog products read with it. */
export function routineProductsOf(
  protocol: Protocol,
  stored: PatientRoutine | undefined,
  catalog: readonly ClinicProduct[],
): RoutineProduct[] {
  return stored?.items.map((item) => productOf(protocol, item, catalog)) ?? [];
}

function productOf(
  protocol: Protocol,
  item: { kind: ProductKind; productId: string | null; times: RoutineTime[] },
  catalog: readonly ClinicProduct[],
): RoutineProduct {
  const product = item.productId === null ? undefined : catalog.find((p) => p.id === item.productId);
  if (product) return { kind: product.kind, productId: product.id, name: product.name, times: item.times };
  return {
    kind: item.kind,
    productId: item.productId,
    name: routineRulesOf(protocol)[item.kind].label,
    times: item.times,
  };
}

async function readRoutine(
  db: Executor,
  protocol: Protocol,
  patientId: string,
  clinicId: string,
): Promise<RoutineView> {
  const { products, assignedBy, assignedAt } = await loadRoutineProducts(db, protocol, patientId, clinicId);
  const rules = routineRulesOf(protocol);
  return {
    patientId,
    items: products.map((p) => {
      const rule = rules[p.kind];
      return {
        ...p,
        label: rule.label,
        advice: rule.advice,
        pausedAroundSessions: rule.pauseDaysBefore !== null,
      };
    }),
    assignedBy,
    assignedAt,
  };
}
