import type { Config } from "../config.js";
import type { Clock } from "../domain/time/clock.js";
import { ClinicSetupCache } from "../services/clinic/clinic-setup.js";
import type { Store } from "../store/database.js";
import { argon2idHasher, type PasswordHasher } from "./auth/passwords.js";

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

/** What `buildApp` is given. Nothing in src/http reads globals: all of it arrives here. */
export interface AppDeps {
  store: Store;
  config: Config;
  clock: Clock;
  /** Defaults to argon2id at production cost. */
  passwords?: PasswordHasher;
  authPolicy?: Partial<AuthPolicy>;
  /** Defaults to pino at `config.logLevel`; tests pass false. */
  logger?: boolean;
  /** Where the log goes (default stdout); tests read it to check what is logged. */
  logStream?: { write(line: string): void };
}

/** The resolved dependencies every route and hook receives. */
export interface AppContext {
  readonly store: Store;
  readonly config: Config;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
  readonly authPolicy: AuthPolicy;
  /** A hash of nothing in particular, verified against when an email is unknown, so timing does not tell. */
  dummyPasswordHash(): Promise<string>;
  /** `clock.now()` as a canonical ISO string. */
  now(): string;
  /** Clinic setups this instance has read, re-read when a clinic's setup revision moves. */
  readonly setupCache: ClinicSetupCache;
}

export function resolveContext(deps: AppDeps): AppContext {
  const passwords = deps.passwords ?? argon2idHasher();
  let dummy: Promise<string> | undefined;
  return {
    store: deps.store,
    config: deps.config,
    clock: deps.clock,
    passwords,
    authPolicy: { ...DEFAULT_AUTH_POLICY, ...deps.authPolicy },
    dummyPasswordHash() {
      dummy ??= passwords.hash("no such account: timing filler");
      return dummy;
    },
    now: () => deps.clock.now().toString(),
    setupCache: new ClinicSetupCache(),
  };
}
