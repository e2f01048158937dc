import type { ServiceDeps } from "../service-deps.js";
import type { AuthPolicy } from "./auth-policy.js";
import type { PasswordHasher } from "./passwords.js";

/** What the account services need beyond the store and the clock. One per app instance. */
export interface AccountDeps extends ServiceDeps {
  passwords: PasswordHasher;
  authPolicy: AuthPolicy;
  /**
   * A hash of nothing in particular, verified against when an email is unknown, so the time a
   * sign-in takes does not tell whether the email has an account.
   */
  dummyPasswordHash(): Promise<string>;
  /** Production refuses the demo accounts even if a demo database was copied there. */
  refuseDemoAccounts: boolean;
}
