import type { Account } from "../domain/accounts/account.js";

/** The demo clinic's sign-ins share this domain; `.test` is reserved and never routes mail. */
export const DEMO_EMAIL_DOMAIN = "demo.test";
export const DEMO_PASSWORD = "demo-password";

/** Refused in production even if a demo database was copied there. */
export function isDemoAccount(account: Pick<Account, "email">): boolean {
  return account.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`);
}
