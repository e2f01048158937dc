import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Service } from "../../domain/clinic/types.js";
import {
  createService,
  findServiceById,
  listServices,
  type NewService,
  type ServiceChanges,
  updateService,
} from "../../store/service.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { auditSetupChange } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";
import { getClinicBySlugOrFail } from "./clinic.service.js";
import { noSuchService } from "./clinic-setup.js";

/**
 * The services a clinic offers, by code: the active ones for anyone, or all of them with
 * `includeInactive` (the route lets only the clinic's staff ask for that).
 */
export async function listClinicServices(
  deps: ServiceDeps,
  slug: string,
  options: { includeInactive: boolean },
): Promise<Service[]> {
  const clinic = await getClinicBySlugOrFail(deps, slug);
  return listServices(deps.store.db, clinic.id, { activeOnly: !options.includeInactive });
}

/** Adds a service to the principal's clinic; a code the clinic already uses is a `conflict`. */
export async function addClinicService(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  input: Omit<NewService, "clinicId">,
): Promise<Service> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const service = await createService(trx, { ...input, clinicId: principal.clinicId });
    await auditSetupChange(
      trx,
      principal,
      "service.create",
      at,
      { type: "service", id: service.id },
      {
        code: service.code,
      },
    );
    return service;
  });
}

/** Changes one of the principal's clinic's services; its code never changes. */
export async function changeClinicService(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  serviceId: string,
  changes: ServiceChanges,
): Promise<Service> {
  const { clinicId } = principal;
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const found = await updateService(trx, clinicId, serviceId, changes);
    const service = found ? await findServiceById(trx, clinicId, serviceId) : undefined;
    if (!service) throw noSuchService();
    await auditSetupChange(
      trx,
      principal,
      "service.update",
      at,
      { type: "service", id: serviceId },
      {
        fields: Object.keys(changes).sort(),
      },
    );
    return service;
  });
}
