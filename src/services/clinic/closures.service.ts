import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { ClinicClosure } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { closureInstants } from "../../domain/scheduling/closures.js";
import { daysBetween } from "../../domain/time/calendar.js";
import { findClinicById } from "../../store/clinic.repository.js";
import {
  type ClosureChanges,
  createClosure,
  deleteClosure,
  findClosureById,
  listClosures,
  updateClosure,
} from "../../store/closure.repository.js";
import type { Executor } from "../../store/schema.js";
import { lockSetupForChange } from "../../store/setup-revision.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { noSuchClinic } from "../access.js";
import { auditSetupChange } from "../audit.js";
import {
  type ConflictOptions,
  findBookingsInvalidatedBy,
  settleSetupImpact,
} from "../booking/setup-impact.js";
import type { ServiceDeps } from "../service-deps.js";

/** The longest closure, in days: a long summer break is several entries (or hours changed). */
export const MAX_CLOSURE_DAYS = 92;

export interface ClosureInput {
  /** `YYYY-MM-DD` in the clinic's zone; `lastDay` on or after it, both included. */
  firstDay: string;
  lastDay: string;
  note: string | null;
}

/** The principal's clinic's closures holding a day of `[fromDay, toDay]` (each optional), by first day. */
export async function listClinicClosures(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  range: { fromDay?: string | undefined; toDay?: string | undefined } = {},
): Promise<ClinicClosure[]> {
  return listClosures(deps.store.db, principal.clinicId, {
    ...(range.fromDay !== undefined && { fromDay: range.fromDay }),
    ...(range.toDay !== undefined && { toDay: range.toDay }),
  });
}

/**
 * Closes the clinic on whole days. Live bookings on them are a `conflict` that lists them, unless
 * the admin accepts it: then they are flagged for the front desk, never moved or cancelled.
 */
export async function addClinicClosure(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  input: ClosureInput,
  options: ConflictOptions = {},
): Promise<ClinicClosure> {
  assertClosureDays(input.firstDay, input.lastDay);
  const { clinicId } = principal;
  return withWriteTransaction(deps.store, async (trx) => {
    await lockSetupForChange(trx, deps.store.dialect, clinicId);
    const now = deps.clock.now().toString();
    const closure = await createClosure(trx, { ...input, clinicId, createdAt: now });
    await settleClosure(deps, trx, principal, closure, options, "closure.create");
    await auditClosure(trx, principal, "closure.create", now, closure);
    return closure;
  });
}

/** Moves, widens or re-notes a closure; the days it then covers must hold no live booking. */
export async function changeClinicClosure(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  closureId: string,
  changes: ClosureChanges,
  options: ConflictOptions = {},
): Promise<ClinicClosure> {
  const { clinicId } = principal;
  return withWriteTransaction(deps.store, async (trx) => {
    await lockSetupForChange(trx, deps.store.dialect, clinicId);
    const before = await findClosureById(trx, clinicId, closureId);
    if (!before) throw noSuchClosure();
    assertClosureDays(changes.firstDay ?? before.firstDay, changes.lastDay ?? before.lastDay);
    await updateClosure(trx, clinicId, closureId, changes);
    const closure = await findClosureById(trx, clinicId, closureId);
    if (!closure) throw noSuchClosure();
    await settleClosure(deps, trx, principal, closure, options, "closure.change");
    await auditClosure(trx, principal, "closure.change", deps.clock.now().toString(), closure);
    return closure;
  });
}

/** Opens the days again: they are offered from the next search on. */
export async function removeClinicClosure(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  closureId: string,
): Promise<void> {
  await withWriteTransaction(deps.store, async (trx) => {
    const closure = await findClosureById(trx, principal.clinicId, closureId);
    if (!closure || !(await deleteClosure(trx, principal.clinicId, closureId))) throw noSuchClosure();
    await auditClosure(trx, principal, "closure.remove", deps.clock.now().toString(), closure);
  });
}

function assertClosureDays(firstDay: string, lastDay: string): void {
  const span = daysBetween(firstDay, lastDay);
  if (span < 0) {
    throw new DomainError("invalid_input", "A closure ends before it starts.", {
      fields: [{ path: "lastDay", message: "must be on or after firstDay" }],
    });
  }
  if (span + 1 > MAX_CLOSURE_DAYS) {
    throw new DomainError("invalid_input", `A closure covers at most ${MAX_CLOSURE_DAYS} days.`, {
      fields: [{ path: "lastDay", message: `must be at most ${MAX_CLOSURE_DAYS - 1} days after firstDay` }],
    });
  }
}

/**
 * Live bookings on the closure's days: refused with them, or flagged when accepted (the same
 * settlement as every setup change that can leave bookings wrong).
 */
async function settleClosure(
  deps: ServiceDeps,
  trx: Executor,
  principal: SessionPrincipal,
  closure: ClinicClosure,
  options: ConflictOptions,
  change: string,
): Promise<void> {
  const clinic = await findClinicById(trx, closure.clinicId);
  if (!clinic) throw noSuchClinic();
  const now = deps.clock.now().toString();
  const impacted = await findBookingsInvalidatedBy(trx, {
    clinicId: clinic.id,
    change: { kind: "clinic_closed", ranges: [closureInstants(closure, clinic.timeZone)] },
    now,
  });
  await settleSetupImpact(deps, trx, principal, impacted, {
    change,
    acceptConflicts: options.acceptConflicts === true,
    now,
  });
}

/** Every change of the days a clinic is closed is audited, whether or not it touched a booking. */
function auditClosure(
  trx: Executor,
  principal: SessionPrincipal,
  action: string,
  at: string,
  closure: ClinicClosure,
): Promise<void> {
  return auditSetupChange(
    trx,
    principal,
    action,
    at,
    { type: "closure", id: closure.id },
    { firstDay: closure.firstDay, lastDay: closure.lastDay },
  );
}

function noSuchClosure(): DomainError {
  return new DomainError("not_found", "No such closure.");
}
