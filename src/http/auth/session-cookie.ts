import type { FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "regimen_session";

/**
 * HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs; the Origin check
 * covers the rest), Secure whenever the request came over HTTPS (behind a proxy: TRUST_PROXY).
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: string,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https",
  });
}
