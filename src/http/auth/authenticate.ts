import type { FastifyRequest } from "fastify";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { resolveSessionToken } from "../../services/accounts/sessions.service.js";
import type { AppContext } from "../app-context.js";
import { SESSION_COOKIE } from "./session-cookie.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in account, or null. Set before validation, for every route. */
    principal: SessionPrincipal | null;
    /** Hash of the presented session token (valid or not), for logout. */
    sessionTokenHash: string | null;
  }
}

/** Resolves the session cookie to an account; an unknown or expired token means anonymous. */
export function authenticate(ctx: AppContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = request.cookies[SESSION_COOKIE];
    // Longer than any token we issue: not worth a database read.
    if (token === undefined || token === "" || token.length > 200) return;
    const session = await resolveSessionToken(ctx.accounts, token);
    request.sessionTokenHash = session.tokenHash;
    request.principal = session.principal ?? null;
  };
}
