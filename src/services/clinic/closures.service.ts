import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { ClinicClosure } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { closureInstants } from "../../domain/scheduling/closures.js";
import { daysBetween } from "../../domain/time/calendar.js";
import { listBookingsInWindow } from "../../store/booking.repository.js";
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
import { withWriteTransaction } from "../../store/transaction.js";
import { noSuchClinic } from "../access.js";
import type { ServiceDeps } from "../service-deps.js";
import { refusedOverLiveBookings, upcomingBookings } from "./live-booking-refusal.js";

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
 * Closes the clinic on whole days. Live bookings on them are a `conflict` that lists them: they
 * are moved or cancelled first, never silently.
 */
export async function addClinicClosure(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  input: ClosureInput,
): Promise<ClinicClosure> {
  assertClosureDays(input.firstDay, input.lastDay);
  const { clinicId } = principal;
  return withWriteTransaction(deps.store, async (trx) => {
    const now = deps.clock.now().toString();
    const closure = await createClosure(trx, { ...input, clinicId, createdAt: now });
    await assertNoLiveBookingsOn(trx, closure, now);
    return closure;
  });
}

/** Moves, widens or re-notes a closure; the days it then covers must hold no live booking. */
export async function changeClinicClosure(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  closureId: string,
  changes: ClosureChanges,
): Promise<ClinicClosure> {
  const { clinicId } = principal;
  return withWriteTransaction(deps.store, async (trx) => {
    const before = await findClosureById(trx, clinicId, closureId);
    if (!before) throw noSuchClosure();
    assertClosureDays(changes.firstDay ?? before.firstDay, changes.lastDay ?? before.lastDay);
    await updateClosure(trx, clinicId, closureId, changes);
    const closure = await findClosureById(trx, clinicId, closureId);
    if (!closure) throw noSuchClosure();
    await assertNoLiveBookingsOn(trx, closure, deps.clock.now().toString());
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
    if (!(await deleteClosure(trx, principal.clinicId, closureId))) throw noSuchClosure();
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

/** Refuses the closure if a `booked` appointment that has not ended yet overlaps its days. */
async function assertNoLiveBookingsOn(db: Executor, closure: ClinicClosure, now: string): Promise<void> {
  const clinic = await findClinicById(db, closure.clinicId);
  if (!clinic) throw noSuchClinic();
  const { startsAt, endsAt } = closureInstants(closure, clinic.timeZone);
  // Compared as instants: ISO text with and without a fraction of a second does not sort.
  if (Date.parse(endsAt) <= Date.parse(now)) return;
  const from = Date.parse(startsAt) > Date.parse(now) ? startsAt : now;
  const live = await listBookingsInWindow(db, clinic.id, from, endsAt, { statuses: ["booked"] });
  if (live.length === 0) return;
  const days =
    closure.firstDay === closure.lastDay ? closure.firstDay : `${closure.firstDay} to ${closure.lastDay}`;
  throw refusedOverLiveBookings(
    `The clinic cannot close on ${days}: ${upcomingBookings(live.length)} fall on those days. Move or cancel them first.`,
    live,
  );
}

function noSuchClosure(): DomainError {
  return new DomainError("not_found", "No such closure.");
}
