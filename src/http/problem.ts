import { STATUS_CODES } from "node:http";
import type { DomainErrorCode, FieldProblem } from "../domain/errors.js";

/**
 * RFC 9457 problem details: every error this API answers has this shape and the media type
 * `application/problem+json`. `code` is the machine-readable reason clients switch on.
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Reasons that only exist at the HTTP edge: malformed transport, no such route, our own bug. */
export type EdgeProblemCode =
  | "bad_request"
  | "route_not_found"
  | "payload_too_large"
  | "unsupported_media_type"
  | "internal_error"
  /** `/readyz`: a dependency of the server is not ready (the database, a background worker). */
  | "not_ready"
  /** Load shedding: the server is saturated and asks the client to come back later. */
  | "overloaded";

export type ProblemCode = DomainErrorCode | EdgeProblemCode;

/** Where a failing field was: the JSON body, the query string, the path or a header. */
export type FieldLocation = "body" | "query" | "path" | "header";

export interface ProblemField extends FieldProblem {
  in?: FieldLocation;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  /** Echoes the request id, so a report can be matched to the server log. */
  requestId?: string;
  errors?: ProblemField[];
  /** Extension members, e.g. `until` for a washout refusal. */
  [extension: string]: unknown;
}

/**
 * The single table from domain code to status. 422: the request was understood and well formed
 * but the rules refuse it (the protocol, the clinic's hours). 409: it collides with the current
 * state (someone else took the slot, the plan is no longer a draft). `idempotency_key_reused`
 * (the same key sent with a different request) is 422, as in the IETF Idempotency-Key draft;
 * 409 there would suggest that retrying could help, and it cannot.
 */
export const DOMAIN_STATUS: Readonly<Record<DomainErrorCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  slot_taken: 409,
  conflict: 409,
  invalid_state: 409,
  // A per-patient cap of the clinic's policy: freeing something (a cancellation) lets it through.
  limit_reached: 409,
  idempotency_key_reused: 422,
  washout_not_finished: 422,
  too_soon_after_previous_session: 422,
  too_close_to_next_session: 422,
  contraindicated: 422,
  needs_provider_review: 422,
  intake_missing: 422,
  outside_working_hours: 422,
  // A closure (holiday) of the whole clinic covers the time asked for.
  clinic_closed: 422,
  too_far_ahead: 422,
  // A message template names a variable its kind of message is never given.
  unknown_template_variable: 422,
  // A treatment session cannot be recorded as done on a patient who never signed its consent.
  consent_missing: 422,
  // An upload whose bytes are not a kind of file the route takes (a photo that is not an image).
  unsupported_media_type: 415,
  resource_unavailable: 409,
  unauthenticated: 401,
  forbidden: 403,
  csrf_rejected: 403,
  too_many_requests: 429,
  busy: 503,
};

const EDGE_STATUS: Readonly<Record<EdgeProblemCode, number>> = {
  bad_request: 400,
  route_not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  not_ready: 503,
  overloaded: 503,
};

export function statusOfCode(code: ProblemCode): number {
  return (
    (DOMAIN_STATUS as Record<string, number>)[code] ?? (EDGE_STATUS as Record<string, number>)[code] ?? 500
  );
}

export function problemOf(input: {
  code: ProblemCode;
  status?: number;
  detail: string;
  errors?: ProblemField[];
  extensions?: Record<string, unknown>;
  requestId?: string;
}): Problem {
  const status = input.status ?? statusOfCode(input.code);
  return {
    // Extensions first, so they can never overwrite a standard member.
    ...input.extensions,
    type: `urn:regimen:problem:${input.code}`,
    title: STATUS_CODES[status] ?? "Error",
    status,
    detail: input.detail,
    code: input.code,
    ...(input.requestId !== undefined && { requestId: input.requestId }),
    ...(input.errors !== undefined && { errors: input.errors }),
  };
}
