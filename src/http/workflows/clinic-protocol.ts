import { DomainError } from "../../domain/errors.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { defaultProtocol, parseProtocol } from "../../domain/protocol/protocol-loader.js";
import { findCurrentProtocolVersion, findProtocolVersion } from "../../store/protocol-version.repository.js";
import type { Executor } from "../../store/schema.js";

export interface ClinicProtocol {
  protocol: Protocol;
  /** True while the clinic has not saved a version of its own. */
  isDefault: boolean;
  /** When the version was saved; null for the default. */
  savedAt: string | null;
}

/**
 * The protocol a clinic's plans use now. Saved versions hold the whole merged document (not the
 * patch), so a later change of the built-in default never alters a version a plan refers to.
 */
export async function loadCurrentProtocol(db: Executor, clinicId: string): Promise<ClinicProtocol> {
  const record = await findCurrentProtocolVersion(db, clinicId);
  if (!record) return { protocol: defaultProtocol, isDefault: true, savedAt: null };
  return { protocol: parseProtocol(record.document), isDefault: false, savedAt: record.createdAt };
}

/** The exact version a stored plan names, to recompute it; the default if that is what it used. */
export async function loadProtocolVersion(
  db: Executor,
  clinicId: string,
  version: string,
): Promise<Protocol> {
  const record = await findProtocolVersion(db, clinicId, version);
  if (record) return parseProtocol(record.document);
  if (version === defaultProtocol.version) return defaultProtocol;
  throw new DomainError("invalid_state", `Protocol version "${version}" is no longer stored.`);
}
