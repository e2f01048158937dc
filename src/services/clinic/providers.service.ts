import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { HoursException, Provider, WorkingHours } from "../../domain/clinic/types.js";
import { DomainError, type FieldProblem } from "../../domain/errors.js";
import {
  addHoursException,
  createProvider,
  deleteHoursException,
  findProviderById,
  listHoursExceptions,
  listProviders,
  type NewHoursException,
  type NewProvider,
  type ProviderChanges,
  replaceWorkingHours,
  updateProvider,
} from "../../store/provider.repository.js";
import type { Executor } from "../../store/schema.js";
import { listServices } from "../../store/service.repository.js";
import { lockSetupForChange } from "../../store/setup-revision.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { auditSetupChange } from "../audit.js";
import {
  type ConflictOptions,
  findBookingsInvalidatedBy,
  loadProviderSchedule,
  settleSetupImpact,
} from "../booking/setup-impact.js";
import type { ServiceDeps } from "../service-deps.js";

/** The principal's clinic's providers, active or not, each with their weekly hours. */
export async function listClinicProviders(
  deps: ServiceDeps,
  principal: SessionPrincipal,
): Promise<Provider[]> {
  return listProviders(deps.store.db, principal.clinicId);
}

/** Adds a provider; each skill must name one of the clinic's services. */
export async function addProvider(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  input: Omit<NewProvider, "clinicId">,
): Promise<Provider> {
  const { clinicId } = principal;
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    await assertKnownSkills(trx, clinicId, input.skills);
    const provider = await createProvider(trx, { ...input, clinicId });
    await auditSetupChange(trx, principal, "provider.create", at, { type: "provider", id: provider.id });
    return provider;
  });
}

/**
 * Changes a provider's name, skills or active flag; skills are checked before the provider is
 * looked up. Deactivating a provider with live bookings is a conflict unless accepted.
 */
export async function changeProvider(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  providerId: string,
  changes: ProviderChanges,
  options: ConflictOptions = {},
): Promise<Provider> {
  const { clinicId } = principal;
  const now = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    if (changes.skills) await assertKnownSkills(trx, clinicId, changes.skills);
    // The setup lock first (see lockSetupForChange): "before" is then the last committed setup.
    await lockSetupForChange(trx, deps.store.dialect, clinicId);
    const before = await findProviderById(trx, clinicId, providerId);
    const found = await updateProvider(trx, clinicId, providerId, changes);
    const provider = found ? await findProviderById(trx, clinicId, providerId) : undefined;
    if (!provider) throw noSuchProvider();
    if (before?.active && !provider.active) {
      const impacted = await findBookingsInvalidatedBy(trx, {
        clinicId,
        change: { kind: "provider_inactive", providerId },
        now,
      });
      await settleSetupImpact(deps, trx, principal, impacted, {
        change: "provider.deactivate",
        acceptConflicts: options.acceptConflicts === true,
        now,
      });
    }
    await auditSetupChange(
      trx,
      principal,
      "provider.update",
      now,
      { type: "provider", id: providerId },
      {
        fields: Object.keys(changes).sort(),
      },
    );
    return provider;
  });
}

/**
 * Replaces a provider's whole week; times are the clinic's wall clock. Hours that would leave
 * live bookings outside them are a conflict unless accepted.
 */
export async function replaceProviderWeek(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  providerId: string,
  weeklyHours: WorkingHours[],
  options: ConflictOptions = {},
): Promise<Provider> {
  const { clinicId } = principal;
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    await getProviderOrFail(trx, clinicId, providerId);
    await changeProviderHours(deps, trx, principal, providerId, options, "provider.weekly_hours", () =>
      replaceWorkingHours(trx, clinicId, providerId, weeklyHours),
    );
    await auditSetupChange(
      trx,
      principal,
      "provider.hours_replace",
      at,
      { type: "provider", id: providerId },
      {
        periods: weeklyHours.length,
      },
    );
    return getProviderOrFail(trx, clinicId, providerId);
  });
}

/**
 * Applies `write` to a provider's hours between two reads of their schedule, and settles the
 * live bookings the difference invalidates (see `settleSetupImpact`).
 */
async function changeProviderHours(
  deps: ServiceDeps,
  trx: Executor,
  principal: SessionPrincipal,
  providerId: string,
  options: ConflictOptions,
  change: string,
  write: () => Promise<unknown>,
): Promise<void> {
  const { clinicId } = principal;
  const now = deps.clock.now().toString();
  // The setup lock first (see lockSetupForChange): "before" is then the last committed setup.
  await lockSetupForChange(trx, deps.store.dialect, clinicId);
  const before = await loadProviderSchedule(trx, clinicId, providerId, now);
  await write();
  const after = await loadProviderSchedule(trx, clinicId, providerId, now);
  if (!before || !after) throw noSuchProvider();
  const impacted = await findBookingsInvalidatedBy(trx, {
    clinicId,
    change: { kind: "provider_hours", before, after },
    now,
  });
  await settleSetupImpact(deps, trx, principal, impacted, {
    change,
    acceptConflicts: options.acceptConflicts === true,
    now,
  });
}

/** A provider's time off and extra hours overlapping [from, to), by start. */
export async function listProviderHoursExceptions(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  providerId: string,
  window: { from: string; to: string },
): Promise<HoursException[]> {
  const { clinicId } = principal;
  await getProviderOrFail(deps.store.db, clinicId, providerId);
  return listHoursExceptions(deps.store.db, { clinicId, providerId }, window.from, window.to);
}

/** Adds time off or extra hours; time off over live bookings is a conflict unless accepted. */
export async function addProviderHoursException(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  providerId: string,
  input: Omit<NewHoursException, "clinicId" | "providerId">,
  options: ConflictOptions = {},
): Promise<HoursException> {
  const { clinicId } = principal;
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    await getProviderOrFail(trx, clinicId, providerId);
    let added: HoursException | undefined;
    await changeProviderHours(
      deps,
      trx,
      principal,
      providerId,
      options,
      `provider.${input.kind}`,
      async () => {
        added = await addHoursException(trx, { ...input, clinicId, providerId });
      },
    );
    const exception = added as HoursException;
    await auditSetupChange(
      trx,
      principal,
      `provider.${exception.kind}_add`,
      at,
      { type: "hours_exception", id: exception.id },
      {
        providerId,
        startsAt: exception.startsAt,
        endsAt: exception.endsAt,
      },
    );
    return exception;
  });
}

/** Removes time off or extra hours; removing extra hours that live bookings use is a conflict unless accepted. */
export async function removeProviderHoursException(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  providerId: string,
  exceptionId: string,
  options: ConflictOptions = {},
): Promise<void> {
  const at = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    await changeProviderHours(
      deps,
      trx,
      principal,
      providerId,
      options,
      "provider.hours_exception_removed",
      async () => {
        if (!(await deleteHoursException(trx, principal.clinicId, providerId, exceptionId)))
          throw new DomainError("not_found", "No such time off or extra hours.");
      },
    );
    await auditSetupChange(
      trx,
      principal,
      "provider.hours_exception_remove",
      at,
      {
        type: "hours_exception",
        id: exceptionId,
      },
      { providerId },
    );
  });
}

async function getProviderOrFail(db: Executor, clinicId: string, providerId: string): Promise<Provider> {
  const provider = await findProviderById(db, clinicId, providerId);
  if (!provider) throw noSuchProvider();
  return provider;
}

function noSuchProvider(): DomainError {
  return new DomainError("not_found", "No such provider.");
}

/** Skills name services; a typo would silently make a provider unbookable. */
async function assertKnownSkills(db: Executor, clinicId: string, skills: readonly string[]): Promise<void> {
  const known = new Set((await listServices(db, clinicId)).map((s) => s.code));
  const fields: FieldProblem[] = [];
  skills.forEach((skill, i) => {
    if (!known.has(skill))
      fields.push({ path: `skills[${i}]`, message: `no service "${skill}" in this clinic` });
  });
  if (fields.length > 0) throw new DomainError("invalid_input", "Unknown skills.", { fields });
}
