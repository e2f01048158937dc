import type { WaitlistEntry } from "../../domain/booking/types.js";
import { DomainError } from "../../domain/errors.js";
import { findProviderById } from "../../store/provider.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { addWaitlistEntry } from "../../store/waitlist.repository.js";
import { getPatientOrFail } from "../clinic/clinic-context.js";
import { loadClinicSetup, serviceByCode } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../deps.js";
import { parseWindow } from "./slot-search.service.js";

export interface WaitlistRequest {
  clinicId: string;
  patientId: string;
  serviceCode: string;
  providerId?: string | undefined;
  from: string;
  to: string;
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
      throw new DomainError("not_found", "no such provider", {
        fields: [{ path: "providerId", message: "not found" }],
      });
    }
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
