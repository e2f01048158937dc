import { Temporal } from "temporal-polyfill";
import type {
  Clinic,
  ClinicClosure,
  Device,
  HoursException,
  Provider,
  Room,
  Service,
} from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { addDays } from "../../domain/time/calendar.js";
import { findClinicById } from "../../store/clinic.repository.js";
import { listClosures } from "../../store/closure.repository.js";
import { listHoursExceptions } from "../../store/provider.repository.js";
import type { Executor } from "../../store/schema.js";
import { listServices } from "../../store/service.repository.js";
import { findSetupRevision } from "../../store/setup-revision.repository.js";
import { noSuchClinic } from "../access.js";
import { ClinicHoldsCache } from "../booking/holds-cache.js";
import {
  type ClinicProtocol,
  loadCurrentProtocol,
  loadResources,
  ProtocolParseCache,
} from "./clinic-context.js";

/** Everything about a clinic that a search or a booking weighs, as of one setup revision. */
export interface ClinicSetup {
  revision: number;
  clinic: Clinic;
  /** Every service, active or not (a booking of a retired service still has to be read). */
  services: Service[];
  /** Active providers, rooms and devices. */
  providers: Provider[];
  rooms: Room[];
  devices: Device[];
  /** Time off and extra hours that end after the setup was read: earlier ones shape no future slot. */
  exceptions: HoursException[];
  /** Closures whose last day is not long past: earlier ones close no day a search can reach. */
  closures: ClinicClosure[];
  protocol: ClinicProtocol;
}

/**
 * The last setup read per clinic. One per app instance: two instances check the same revision.
 * It also keeps the instance's parsed protocol versions, which outlive setup revisions.
 */
export class ClinicSetupCache {
  readonly #entries = new Map<string, ClinicSetup>();
  readonly protocols = new ProtocolParseCache();
  /** The clinics' holds for slot searches, trusted while the booking revision stands. */
  readonly holds = new ClinicHoldsCache();

  get(clinicId: string, revision: number): ClinicSetup | undefined {
    const entry = this.#entries.get(clinicId);
    return entry?.revision === revision ? entry : undefined;
  }

  set(setup: ClinicSetup): void {
    this.#entries.set(setup.clinic.id, setup);
  }
}

/** The far end of "all future exceptions"; stored instants are four-digit years. */
const END_OF_TIME = "9999-12-31T00:00:00Z";

/**
 * The clinic's setup: one read of its revision, and the rest only when that moved (or without a
 * cache). Inside a write transaction the revision read is part of the transaction's snapshot.
 */
export async function loadClinicSetup(
  db: Executor,
  clinicId: string,
  now: string,
  cache?: ClinicSetupCache,
): Promise<ClinicSetup> {
  const revision = await findSetupRevision(db, clinicId);
  if (revision === undefined) throw noSuchClinic();
  return loadClinicSetupAt(db, clinicId, revision, now, cache);
}

/**
 * The clinic's setup at a revision the caller has just read in the same transaction (a booking
 * reads it with its locks): nothing more when the cache holds that revision.
 */
export async function loadClinicSetupAt(
  db: Executor,
  clinicId: string,
  revision: number,
  now: string,
  cache?: ClinicSetupCache,
): Promise<ClinicSetup> {
  const cached = cache?.get(clinicId, revision);
  if (cached) return cached;
  const since = Temporal.Instant.from(now).subtract({ hours: 24 }).toString();
  // The UTC day before `since` is no later than `since`'s day in any zone (offsets stay within a day).
  const sinceDay = addDays(since.slice(0, 10), -1);
  const [clinic, services, resources, exceptions, closures, protocol] = await Promise.all([
    findClinicById(db, clinicId),
    listServices(db, clinicId),
    loadResources(db, clinicId),
    listHoursExceptions(db, { clinicId }, since, END_OF_TIME),
    listClosures(db, clinicId, { fromDay: sinceDay }),
    loadCurrentProtocol(db, clinicId, cache?.protocols),
  ]);
  if (!clinic) throw noSuchClinic();
  const setup: ClinicSetup = { revision, clinic, services, ...resources, exceptions, closures, protocol };
  cache?.set(setup);
  return setup;
}

/** A service of the setup by code, or a not-found naming the field. */
export function serviceByCode(setup: ClinicSetup, code: string): Service {
  const service = setup.services.find((s) => s.code === code && s.active);
  if (!service) {
    throw new DomainError("not_found", `No service "${code}" at this clinic.`, {
      fields: [{ path: "service", message: `unknown service "${code}"` }],
    });
  }
  return service;
}

export function serviceById(setup: ClinicSetup, id: string): Service {
  const service = setup.services.find((s) => s.id === id);
  if (!service) throw noSuchService();
  return service;
}

export function noSuchService(): DomainError {
  return new DomainError("not_found", "No such service.");
}
