import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { limitReached } from "../../domain/booking/booking-caps.js";
import type { WaitlistEntry } from "../../domain/booking/types.js";
import type { Clinic } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { findProviderById } from "../../store/provider.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import {
  addWaitlistEntry,
  listWaitingEntriesByPatient,
  serializeWaitlistWrites,
} from "../../store/waitlist.repository.js";
import { authorizePatientAccess } from "../access.js";
import { getPatientOrFail } from "../clinic/clinic-context.js";
import { loadClinicSetup, serviceByCode, serviceById } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";
import { parseWindow } from "./slot-search.service.js";

export interface WaitlistRequest {
  clinicId: string;
  patientId: string;
  serviceCode: string;
  providerId?: string | undefined;
  from: string;
  to: string;
}

/**
 * A patient waits once per service and time: an entry overlapping one still waiting for the same
 * service is a duplicate (`conflict`); past the clinic's cap of waiting entries, `limit_reached`.
 */
async function assertWaitlistRoom(
  trx: Executor,
  clinic: Clinic,
  patientId: string,
  serviceId: string,
  window: { from: string; to: string },
): Promise<void> {
  await serializeWaitlistWrites(trx, patientId);
  const waiting = await listWaitingEntriesByPatient(trx, clinic.id, patientId);
  const duplicate = waiting.find(
    (e) => e.serviceId === serviceId && e.fromAt < window.to && e.toAt > window.from,
  );
  if (duplicate) {
    throw new DomainError(
      "conflict",
      "The patient is already waiting for this service in an overlapping window.",
      { waitlistEntryId: duplicate.id },
    );
  }
  const max = clinic.policy.maxWaitlistEntries;
  if (waiting.length >= max) {
    throw limitReached(
      "maxWaitlistEntries",
      max,
      `A patient may wait for at most ${max} slots at once; leave an entry or book before joining again.`,
    );
  }
}

/** Puts a patient on the waitlist for a service in a window; a cancellation in it is offered to them. */
export async function joinWaitlist(deps: ServiceDeps, request: WaitlistRequest): Promise<WaitlistEntry> {
  const window = parseWindow(request.from, request.to);
  return withWriteTransaction(deps.store, async (trx) => {
    const setup = await loadClinicSetup(trx, request.clinicId, deps.clock.now().toString(), deps.setupCache);
    const { clinic } = setup;
    await getPatientOrFail(trx, clinic.id, request.patientId);
    const service = serviceByCode(setup, request.serviceCode);
    if (request.providerId !== undefined && !(await findProviderById(trx, clinic.id, request.providerId))) {
      throw new DomainError("not_found", "No such provider.", {
        fields: [{ path: "providerId", message: "not found" }],
      });
    }
    await assertWaitlistRoom(trx, clinic, request.patientId, service.id, window);
    const entry = await addWaitlistEntry(trx, {
      clinicId: clinic.id,
      patientId: request.patientId,
      serviceId: service.id,
      providerId: request.providerId ?? null,
      fromAt: window.from,
      toAt: window.to,
      createdAt: deps.clock.now().toString(),
    });
    await deps.recordWrite?.(trx, {
      patientId: entry.patientId,
      action: "waitlist.join",
      detail: { waitlistEntryId: entry.id },
    });
    return entry;
  });
}

/** A waitlist entry as the API answers it: the names a request uses (`service`, `from`, `to`). */
export interface WaitlistEntryView {
  id: string;
  patientId: string;
  service: string;
  serviceId: string;
  providerId: string | null;
  from: string;
  to: string;
  status: WaitlistEntry["status"];
  createdAt: string;
}

/** Joins the waitlist for a signed-in caller: a patient for themselves, staff for their clinic's patients. */
export async function joinWaitlistAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: Omit<WaitlistRequest, "clinicId">,
): Promise<WaitlistEntryView> {
  const { patient } = await authorizePatientAccess(deps.store.db, principal, request.patientId);
  const entry = await joinWaitlist(deps, { ...request, clinicId: patient.clinicId });
  const setup = await loadClinicSetup(
    deps.store.db,
    patient.clinicId,
    deps.clock.now().toString(),
    deps.setupCache,
  );
  return {
    id: entry.id,
    patientId: entry.patientId,
    service: serviceById(setup, entry.serviceId).code,
    serviceId: entry.serviceId,
    providerId: entry.providerId,
    from: entry.fromAt,
    to: entry.toAt,
    status: entry.status,
    createdAt: entry.createdAt,
  };
}
