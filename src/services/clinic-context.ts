import type { Clinic, Service } from "../domain/clinic/types.js";
import { DomainError } from "../domain/errors.js";
import type { Protocol } from "../domain/protocol/protocol.schema.js";
import { defaultProtocol, parseProtocol } from "../domain/protocol/protocol-loader.js";
import { findClinicById } from "../store/clinic.repository.js";
import { listDevices } from "../store/device.repository.js";
import { findPatientById } from "../store/patient.repository.js";
import { findCurrentProtocolVersion, findProtocolVersion } from "../store/protocol-version.repository.js";
import { listProviders } from "../store/provider.repository.js";
import { listRooms } from "../store/room.repository.js";
import type { Executor } from "../store/schema.js";
import { findServiceByCode, findServiceById } from "../store/service.repository.js";

export async function getClinicOrFail(db: Executor, clinicId: string): Promise<Clinic> {
  const clinic = await findClinicById(db, clinicId);
  if (!clinic) throw new DomainError("not_found", "no such clinic");
  return clinic;
}

export async function getPatientOrFail(db: Executor, clinicId: string, patientId: string) {
  const patient = await findPatientById(db, clinicId, patientId);
  if (!patient)
    throw new DomainError("not_found", "no such patient", {
      fields: [{ path: "patientId", message: "not found" }],
    });
  return patient;
}

export async function getServiceByCodeOrFail(db: Executor, clinicId: string, code: string): Promise<Service> {
  const service = await findServiceByCode(db, clinicId, code);
  if (!service?.active) {
    throw new DomainError("not_found", `no service "${code}" at this clinic`, {
      fields: [{ path: "service", message: `unknown service "${code}"` }],
    });
  }
  return service;
}

export async function getServiceByIdOrFail(db: Executor, clinicId: string, id: string): Promise<Service> {
  const service = await findServiceById(db, clinicId, id);
  if (!service) throw new DomainError("not_found", "no such service");
  return service;
}

/**
 * Parsed protocols by version row id. A version is never changed once saved, so its parse is
 * good for the life of the process; validating the document costs ~0.5-1 ms, paid otherwise by
 * every search and every booking.
 */
const parsedProtocols = new Map<string, Protocol>();
const PARSED_PROTOCOLS_KEPT = 100;

function parseStoredProtocol(record: { id: string; document: unknown }): Protocol {
  let protocol = parsedProtocols.get(record.id);
  if (protocol === undefined) {
    protocol = parseProtocol(record.document);
    if (parsedProtocols.size >= PARSED_PROTOCOLS_KEPT) parsedProtocols.clear();
    parsedProtocols.set(record.id, protocol);
  }
  return protocol;
}

/** The clinic's current protocol, or a named version (a plan keeps the one it was made with). */
export async function loadProtocol(db: Executor, clinicId: string, version?: string): Promise<Protocol> {
  if (version !== undefined) {
    const named = await findProtocolVersion(db, clinicId, version);
    if (named) return parseStoredProtocol(named);
    if (version === defaultProtocol.version) return defaultProtocol;
  }
  const current = await findCurrentProtocolVersion(db, clinicId);
  return current ? parseStoredProtocol(current) : defaultProtocol;
}

/** The resources a slot search weighs; exceptions and busy times depend on the window and come apart. */
export async function loadResources(db: Executor, clinicId: string) {
  const [providers, rooms, devices] = await Promise.all([
    listProviders(db, clinicId, { activeOnly: true }),
    listRooms(db, clinicId, { activeOnly: true }),
    listDevices(db, clinicId, { activeOnly: true }),
  ]);
  return { providers, rooms, devices };
}
