import { DomainError } from "../errors.js";
import { parseOrThrow } from "../validation/field-problems.js";
import { DEFAULT_PROTOCOL } from "./default-protocol.js";
import { type Protocol, protocolSchema } from "./protocol.schema.js";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars in `patch` replace. */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch))
    out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

export function parseProtocol(document: unknown): Protocol {
  return parseOrThrow(protocolSchema, document, "protocol");
}

/**
 * A clinic writes only what it changes (plus its own `version`); the rest comes from
 * the default. The merged result is validated as a whole, so errors name the full path.
 */
export function parseClinicProtocol(patch: unknown): Protocol {
  if (!isPlainObject(patch)) {
    throw new DomainError("invalid_input", "invalid protocol: must be a JSON object", {
      fields: [{ path: "", message: "must be a JSON object" }],
    });
  }
  if (typeof patch.version !== "string" || patch.version === "") {
    const fields = [{ path: "version", message: "is required: a clinic protocol names its own version" }];
    throw new DomainError("invalid_input", "invalid protocol:\nversion: is required", { fields });
  }
  return parseProtocol(deepMerge(DEFAULT_PROTOCOL, patch));
}

export const defaultProtocol: Protocol = parseProtocol(DEFAULT_PROTOCOL);
