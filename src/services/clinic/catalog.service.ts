import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Service } from "../../domain/clinic/types.js";
import { listLiveBookingsHolding } from "../../store/hold.repository.js";
import { listProviders } from "../../store/provider.repository.js";
import { listRooms } from "../../store/room.repository.js";
import type { Executor } from "../../store/schema.js";
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
import { type AffectedBooking, refusedOverLiveBookings, upcomingBookings } from "./live-booking-refusal.js";

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

/** A provider as anyone choosing one sees them: a name to pick, nothing about their week. */
export interface BookableProvider {
  id: string;
  name: string;
}

/**
 * The active providers who perform an active service of the clinic (public), by name, so a
 * patient may ask for one; an unknown or inactive service is `not_found`.
 */
export async function listBookableProviders(
  deps: ServiceDeps,
  slug: string,
  serviceCode: string,
): Promise<BookableProvider[]> {
  const clinic = await getClinicBySlugOrFail(deps, slug);
  const services = await listServices(deps.store.db, clinic.id, { activeOnly: true });
  if (!services.some((s) => s.code === serviceCode)) throw noSuchService();
  const providers = await listProviders(deps.store.db, clinic.id);
  return providers
    .filter((p) => p.active && p.skills.includes(serviceCode))
    .map((p) => ({ id: p.id, name: p.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
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

/**
 * Changes one of the principal's clinic's services; its code never changes. Narrowing its room
 * kinds while live bookings of it sit in a room of a kind it drops is a `conflict` listing them.
 */
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
    if (changes.roomKinds !== undefined) {
      const stranded = await liveBookingsInRoomsOfOtherKinds(trx, service, deps.clock.now().toString());
      if (stranded.length > 0) {
        throw refusedOverLiveBookings(
          `The service "${service.code}" cannot drop those room kinds: ${upcomingBookings(stranded.length)} of it sit in such rooms. Move or cancel them first.`,
          stranded,
        );
      }
    }
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

/** Live bookings of `service` in rooms of a kind it no longer lists, by start. */
async function liveBookingsInRoomsOfOtherKinds(
  db: Executor,
  service: Service,
  now: string,
): Promise<AffectedBooking[]> {
  const rooms = (await listRooms(db, service.clinicId)).filter((r) => !service.roomKinds.includes(r.kind));
  const stranded: AffectedBooking[] = [];
  for (const room of rooms) {
    const held = await listLiveBookingsHolding(db, service.clinicId, room.id, now);
    stranded.push(...held.filter((b) => b.serviceId === service.id));
  }
  return stranded.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.id < b.id ? -1 : 1));
}
