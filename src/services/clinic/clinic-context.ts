import { DomainError } from "../../domain/errors.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { defaultProtocol, parseProtocol } from "../../domain/protocol/protocol-loader.js";
import { listDevices } from "../../store/device.repository.js";
import { findPatientById } from "../../store/patient.repository.js";
import { findCurrentProtocolVersion, findProtocolVersion } from "../../store/protocol-version.repository.js";
import { listProviders } from "../../store/provider.repository.js";
import { listRooms } from "../../store/room.repository.js";
import type { Executor } from "../../store/schema.js";

export async function getPatientOrFail(db: Executor, clinicId: string, patientId: string) {
  const patient = await findPatientById(db, clinicId, patientId);
  if (!patient)
    throw new DomainError("not_found", "No such patient.", {
      fields: [{ path: "patientId", message: "not found" }],
    });
  return patient;
}

/** How many parsed versions one cache keeps before it starts over; a clinic uses one or two at a time. */
const PARSED_PROTOCOLS_KEPT = 100;

/**
 * Parsed protocols by version row id, for one app instance (its `ClinicSetupCache` holds one). A
 * version is never changed once saved, so its parse stays good for the life of the instance;
 * validating the document costs ~0.5-1 ms, paid otherwise by every search and every booking.
 */
export class ProtocolParseCache {
  readonly #parsed = new Map<string, Protocol>();

  parse(record: { id: string; document: unknown }): Protocol {
    let protocol = this.#parsed.get(record.id);
    if (protocol === undefined) {
      protocol = parseProtocol(record.document);
      if (this.#parsed.size >= PARSED_PROTOCOLS_KEPT) this.#parsed.clear();
      this.#parsed.set(record.id, protocol);
    }
    return protocol;
  }
}

/** Without a cache (a one-off command, a test), each read parses. */
function parseStoredProtocol(
  record: { id: string; document: unknown },
  parsed: ProtocolParseCache | undefined,
): Protocol {
  return parsed ? parsed.parse(record) : parseProtocol(record.document);
}

export interface ClinicProtocol {
  protocol: Protocol;
  /** True while the clinic has not saved a version of its own. */
  isDefault: boolean;
  /** When the version was saved; null for the default. */
  savedAt: string | null;
}

/**
 * The protocol a clinic's plans and bookings use now. Saved versions hold the whole merged
 * document (not the patch), so a later change of the built-in default never alters a version a
 * plan refers to.
 */
export async function loadCurrentProtocol(
  db: Executor,
  clinicId: string,
  parsed?: ProtocolParseCache,
): Promise<ClinicProtocol> {
  const record = await findCurrentProtocolVersion(db, clinicId);
  if (!record) return { protocol: defaultProtocol, isDefault: true, savedAt: null };
  return { protocol: parseStoredProtocol(record, parsed), isDefault: false, savedAt: record.createdAt };
}

/** The clinic's current protocol; pass the instance's `setupCache?.protocols` to parse each version once. */
export async function loadProtocol(
  db: Executor,
  clinicId: string,
  parsed?: ProtocolParseCache,
): Promise<Protocol> {
  return (await loadCurrentProtocol(db, clinicId, parsed)).protocol;
}

/**
 * The exact version a stored plan names; the default if that is what it used. Pass the instance's
 * `setupCache?.protocols` to parse each version once.
 */
export async function loadProtocolVersion(
  db: Executor,
  clinicId: string,
  version: string,
  parsed?: ProtocolParseCache,
): Promise<Protocol> {
  const record = await findProtocolVersion(db, clinicId, version);
  if (record) return parseStoredProtocol(record, parsed);
  if (version === defaultProtocol.version) return defaultProtocol;
  throw new DomainError("invalid_state", `Protocol version "${version}" is no longer stored.`);
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
