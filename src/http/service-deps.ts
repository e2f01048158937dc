import type { SessionPrincipal } from "../domain/accounts/principal.js";
import { auditStaffAction } from "../services/audit.js";
import type { ServiceDeps } from "../services/deps.js";
import { isStaff } from "./auth/guards.js";
import type { AppContext } from "./deps.js";

/** The services' dependencies for one caller: staff writes are audited in their own transaction. */
export function serviceDepsFor(ctx: AppContext, principal: SessionPrincipal | null): ServiceDeps {
  const base = { store: ctx.store, clock: ctx.clock, setupCache: ctx.setupCache };
  if (!principal || !isStaff(principal)) return base;
  return {
    ...base,
    recordWrite: (trx, write) =>
      auditStaffAction(trx, principal, write.action, ctx.now(), write.detail, write.patientId),
  };
}
