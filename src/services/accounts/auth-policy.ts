/** Numbers that govern sign-in; tests shrink some of them, production keeps the defaults. */
export interface AuthPolicy {
  /** A session lasts this long from sign-in. */
  sessionHours: number;
  /** Failures per email (in any clinic) before it is locked. */
  maxFailuresPerEmail: number;
  /** Failures per client address before it is locked; higher, as offices share one address. */
  maxFailuresPerIp: number;
  /** Failures older than this stop counting. */
  failureWindowMinutes: number;
  lockMinutes: number;
  passwordResetMinutes: number;
  /** How long a new staff member's invitation (set-your-password link) stays valid. */
  invitationHours: number;
  /** Per-instance cap on the public forms (sign-up, reset request) per client address and minute. */
  publicFormsPerMinute: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  sessionHours: 12,
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 50,
  failureWindowMinutes: 15,
  lockMinutes: 15,
  passwordResetMinutes: 60,
  invitationHours: 72,
  publicFormsPerMinute: 20,
};
