import { DomainError } from "../errors.js";
import { parseOrThrow } from "../validation/field-problems.js";
import { DEFAULT_PROTOCOL } from "./default-protocol.js";
import { type Protocol, protocolSchema } from "./protocol.schema.js";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A list of rules each named by a `code` (aftercare, expectations, red-flag signs). */
function isCodedList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.every((item) => isPlainObject(item) && typeof item.code === "string");
}

/**
 * Coded lists merge by `code`: a patch entry changes the base entry with its code (key by key),
 * a new code is added at the end, and `{ "code": …, "remove": true }` removes one. A clinic that
 * changes one aftercare rule keeps all the others.
 */
function mergeByCode(base: Record<string, unknown>[], patch: Record<string, unknown>[]): unknown[] {
  const out: unknown[] = [...base];
  for (const entry of patch) {
    const at = out.findIndex((item) => isPlainObject(item) && item.code === entry.code);
    if (entry.remove === true && Object.keys(entry).length === 2) {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = deepMerge(out[at], entry);
    else out.push(entry);
  }
  return out;
}

/** Objects merge key by key, coded lists by code; other arrays and scalars in `patch` replace. */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (isCodedList(base) && isCodedList(patch)) return mergeByCode(base, patch);
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
  if (patch.version.startsWith(SHIPPED_VERSION_PREFIX)) {
    const message = `"${patch.version}" is reserved for the protocols Regimen ships (it starts with "${SHIPPED_VERSION_PREFIX}"): name the clinic's own version`;
    throw new DomainError("invalid_input", `invalid protocol:\nversion: ${message}`, {
      fields: [{ path: "version", message }],
    });
  }
  return parseProtocol(deepMerge(DEFAULT_PROTOCOL, patch));
}

/** Versions Regimen ships start so; a clinic's version may not, so a stored version means one thing. */
export const SHIPPED_VERSION_PREFIX = "regimen-default";

/**
 * Washouts a protocol sets below the shipped default's (the seed's minimum where it gives one).
 * Accepted, since the protocol is the clinic's to set, but said plainly wherever it is saved or used.
 */
export function protocolWarnings(protocol: Protocol): string[] {
  const warnings: string[] = [];
  const base = defaultProtocol;
  for (const section of ["medications", "procedures"] as const) {
    for (const [code, rule] of Object.entries(protocol[section])) {
      const shipped = (base[section] as Record<string, { days: number | null; rfDays?: number | undefined }>)[
        code
      ];
      if (!shipped) continue;
      for (const key of ["days", "rfDays"] as const) {
        const value = rule[key];
        const minimum = shipped[key];
        if (typeof value === "number" && typeof minimum === "number" && value < minimum)
          warnings.push(
            `${section}.${code}.${key} is ${value}, below the default minimum of ${minimum} days (${base.version}).`,
          );
      }
    }
  }
  return warnings;
}

export const defaultProtocol: Protocol = parseProtocol(DEFAULT_PROTOCOL);
