import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { parseClinicProtocol, protocolWarnings } from "../../domain/protocol/protocol-loader.js";
import { findClinicById } from "../../store/clinic.repository.js";
import { addProtocolVersion } from "../../store/protocol-version.repository.js";
import { lockSetupForChange } from "../../store/setup-revision.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { auditSetupChange } from "../audit.js";
import {
  type ConflictOptions,
  findBookingsInvalidatedByProtocol,
  settleSetupImpact,
} from "../booking/setup-impact.js";
import type { ServiceDeps } from "../service-deps.js";
import { loadCurrentProtocol } from "./clinic-context.js";

/** A clinic's protocol as staff read it: the whole merged document and where it came from. */
export interface ProtocolView {
  version: string;
  /** True while the clinic has not saved a version of its own. */
  isDefault: boolean;
  /** When the version was saved; null for the default. */
  savedAt: string | null;
  document: Protocol;
  /** Washouts set below the default's minimum: accepted, and said. */
  warnings: string[];
}

/** The protocol the principal's clinic uses now, or the built-in default. */
export async function readClinicProtocol(
  deps: ServiceDeps,
  principal: SessionPrincipal,
): Promise<ProtocolView> {
  const current = await loadCurrentProtocol(deps.store.db, principal.clinicId, deps.setupCache?.protocols);
  return {
    version: current.protocol.version,
    isDefault: current.isDefault,
    savedAt: current.savedAt,
    document: current.protocol,
    warnings: protocolWarnings(current.protocol),
  };
}

/**
 * Merges `patch` (the clinic's own `version` plus only the values it changes) over the built-in
 * default, validates the whole, and saves it as the clinic's new current version. The merged
 * document is stored, so a later change of the default never alters a saved version. A reused
 * version label is a `conflict`.
 */
export async function saveProtocolVersion(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patch: unknown,
  options: ConflictOptions = {},
): Promise<ProtocolView> {
  const protocol = parseClinicProtocol(patch);
  const savedAt = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    const clinic = await findClinicById(trx, principal.clinicId);
    if (!clinic) throw new DomainError("not_found", "No such clinic.");
    // The setup lock first (see lockSetupForChange): the current version is then the last
    // committed one, the version the clinic's bookings were judged under until now.
    await lockSetupForChange(trx, deps.store.dialect, clinic.id);
    const current = await loadCurrentProtocol(trx, clinic.id, deps.setupCache?.protocols);
    const saved = await addProtocolVersion(trx, {
      clinicId: principal.clinicId,
      version: protocol.version,
      document: protocol,
      createdAt: savedAt,
    });
    // A longer washout or interval, or a new block, may refuse treatments already booked.
    const impacted = await findBookingsInvalidatedByProtocol(trx, {
      clinicId: clinic.id,
      timeZone: clinic.timeZone,
      before: current.protocol,
      after: protocol,
      now: savedAt,
    });
    await settleSetupImpact(deps, trx, principal, impacted, {
      change: "protocol.version",
      acceptConflicts: options.acceptConflicts === true,
      now: savedAt,
    });
    await auditSetupChange(
      trx,
      principal,
      "protocol.save",
      savedAt,
      { type: "protocol_version", id: saved.id },
      {
        version: protocol.version,
      },
    );
  });
  return {
    version: protocol.version,
    isDefault: false,
    savedAt,
    document: protocol,
    warnings: protocolWarnings(protocol),
  };
}
