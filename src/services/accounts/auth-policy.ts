/** Numbers that govern sign-in; tests shrink some of them, production keeps the defaults. */
export interface AuthPolicy {
  /** A session lasts this long from sign-in. */
  sessionHours: number;
  /**
   * Wrong passwords for one email from one client address before that pair has to wait. Only the
   * pair waits: the right password from any other address still gets in at once.
   */
  freeFailuresPerPair: number;
  /** The pair's first wait, in seconds; each further failure doubles it, up to `maxDelaySeconds`. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** A pair's failures count for this long from its first one. */
  pairWindowHours: number;
  /** Failures per client address (any emails) before the address is locked; offices share one. */
  maxFailuresPerIp: number;
  /** The address's failures older than this stop counting. */
  failureWindowMinutes: number;
  /** How long an address that reached `maxFailuresPerIp` waits. */
  ipLockMinutes: number;
  /** Unknown, used or expired reset tokens per client address before it waits `ipLockMinutes`. */
  resetFailuresPerIp: number;
  /** New-password attempts per account with a valid token, per `failureWindowMinutes`. */
  resetAttemptsPerAccount: number;
  passwordResetMinutes: number;
  /** How long the link that finishes a patient's self sign-up stays valid. */
  signupConfirmHours: number;
  /** How long a new staff member's invitation (set-your-password link) stays valid. */
  invitationHours: number;
  /** Per-instance cap on the public forms (sign-up, resets) per client address and minute. */
  publicFormsPerMinute: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  sessionHours: 12,
  freeFailuresPerPair: 3,
  firstDelaySeconds: 1,
  // 1 s doubling reaches the 15-minute cap after 10 more failures: about a hundred guesses a
  // day per address at most, against a password that had to pass the strength check.
  maxDelaySeconds: 15 * 60,
  pairWindowHours: 24,
  maxFailuresPerIp: 50,
  failureWindowMinutes: 15,
  ipLockMinutes: 15,
  resetFailuresPerIp: 20,
  resetAttemptsPerAccount: 5,
  passwordResetMinutes: 60,
  signupConfirmHours: 24,
  invitationHours: 72,
  publicFormsPerMinute: 20,
};
