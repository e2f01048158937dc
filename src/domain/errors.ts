/**
 * Every failure the rules can name. One closed set, so the HTTP edge and the CLI
 * can map each code to a status or an exit code in one place.
 */
export type DomainErrorCode =
  | "invalid_input"
  | "not_found"
  | "unauthenticated"
  | "forbidden"
  | "csrf_rejected"
  | "too_many_requests"
  | "busy"
  | "slot_taken"
  | "washout_not_finished"
  | "too_soon_after_previous_session"
  | "too_close_to_next_session"
  | "too_far_ahead"
  | "contraindicated"
  | "needs_provider_review"
  | "intake_missing"
  | "outside_working_hours"
  | "clinic_closed"
  | "resource_unavailable"
  | "idempotency_key_reused"
  | "invalid_state"
  | "conflict"
  | "limit_reached"
  | "unknown_template_variable"
  | "consent_missing"
  | "unsupported_media_type";

export interface FieldProblem {
  /** Path in the input, e.g. `concerns[0].code`. */
  path: string;
  message: string;
}

export interface DomainErrorDetails {
  fields?: FieldProblem[];
  /** First day (YYYY-MM-DD, clinic zone) on which the refusal no longer holds. */
  until?: string | null;
  /** For `too_many_requests`: whole seconds until a retry may succeed (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

export function unauthenticated(message = "Sign in first."): DomainError {
  return new DomainError("unauthenticated", message);
}

export function forbidden(message = "Your role may not do this."): DomainError {
  return new DomainError("forbidden", message);
}
