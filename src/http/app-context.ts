import type { Config } from "../config.js";
import type { SessionPrincipal } from "../domain/accounts/principal.js";
import type { Clock } from "../domain/time/clock.js";
import type { AccountDeps } from "../services/accounts/account-deps.js";
import { type AuthPolicy, DEFAULT_AUTH_POLICY } from "../services/accounts/auth-policy.js";
import { argon2idHasher, type PasswordHasher } from "../services/accounts/passwords.js";
import { auditRecordedWrite } from "../services/audit.js";
import { ClinicSetupCache } from "../services/clinic/clinic-setup.js";
import { type PhotoStorage, photoStorageIn } from "../services/clinical/photos.service.js";
import type { ReadinessCheck } from "../services/ops/readiness.service.js";
import type { ServiceDeps } from "../services/service-deps.js";

/** The database handle, opaque here: only services and the store look inside. */
type Store = ServiceDeps["store"];

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
  /**
   * What `/readyz` checks besides the database and its migrations: each background worker the
   * server runs (the outbox dispatcher) reports here whether it is running.
   */
  readiness?: readonly ReadinessCheck[];
  /** Outgoing messages that failed for good, for the metrics; absent until something sends them. */
  failedMessages?: () => Promise<number>;
  /** Where photo bytes are kept; defaults to files under `<config.dataDir>/photos`. */
  photos?: PhotoStorage;
  /** The built web app (`web/dist`); without an `index.html` there, `/` says how to build it. */
  webRoot?: string;
}

/** The resolved dependencies every route and hook receives. */
export interface AppContext {
  readonly store: Store;
  readonly config: Config;
  readonly clock: Clock;
  /** Sign-in numbers; the routes read the public forms' rate limit from here. */
  readonly authPolicy: AuthPolicy;
  /** What the account services (sign-in, sessions, sign-up, resets, staff) are called with. */
  readonly accounts: AccountDeps;
  /** `clock.now()` as a canonical ISO string. */
  now(): string;
  /** Clinic setups this instance has read, re-read when a clinic's setup revision moves. */
  readonly setupCache: ClinicSetupCache;
  /** The checks `/readyz` runs besides its own (see `AppDeps.readiness`). */
  readonly readiness: readonly ReadinessCheck[];
  readonly failedMessages: (() => Promise<number>) | undefined;
  /** Where photo bytes are kept. */
  readonly photos: PhotoStorage;
}

export function resolveContext(deps: AppDeps): AppContext {
  const passwords = deps.passwords ?? argon2idHasher();
  const authPolicy = { ...DEFAULT_AUTH_POLICY, ...deps.authPolicy };
  const setupCache = new ClinicSetupCache();
  let dummy: Promise<string> | undefined;
  return {
    store: deps.store,
    config: deps.config,
    clock: deps.clock,
    authPolicy,
    accounts: {
      store: deps.store,
      clock: deps.clock,
      setupCache,
      passwords,
      authPolicy,
      dummyPasswordHash() {
        dummy ??= passwords.hash("no such account: timing filler");
        return dummy;
      },
      refuseDemoAccounts: deps.config.nodeEnv === "production",
    },
    now: () => deps.clock.now().toString(),
    setupCache,
    readiness: deps.readiness ?? [],
    failedMessages: deps.failedMessages,
    photos: deps.photos ?? photoStorageIn(deps.config.dataDir),
  };
}

/**
 * The services' dependencies for one caller: a signed-in caller's writes (staff's, and a patient's
 * own) are audited in their own transaction.
 */
export function serviceDepsFor(ctx: AppContext, principal: SessionPrincipal | null): ServiceDeps {
  const base = { store: ctx.store, clock: ctx.clock, setupCache: ctx.setupCache };
  if (!principal) return base;
  return {
    ...base,
    recordWrite: (trx, write) => auditRecordedWrite(trx, principal, write, ctx.now()),
  };
}
