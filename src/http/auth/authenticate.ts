import type { FastifyRequest } from "fastify";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { findSessionPrincipal } from "../../store/auth-session.repository.js";
import type { AppContext } from "../deps.js";
import { SESSION_COOKIE } from "./session-cookie.js";
import { hashToken } from "./tokens.js";

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
    if (token === undefined || token === "" || token.length > 200) return;
    const tokenHash = hashToken(token);
    request.sessionTokenHash = tokenHash;
    request.principal = (await findSessionPrincipal(ctx.store.db, tokenHash, ctx.now())) ?? null;
  };
}
