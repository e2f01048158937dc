import type { FastifyRequest } from "fastify";
import { DomainError } from "../../domain/errors.js";
import { SESSION_COOKIE } from "./session-cookie.js";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * CSRF defence by origin: a browser names the page that sent a request in `Origin` (or at least
 * `Referer`), and a forged cross-site request cannot fake it. An unsafe request that carries the
 * session cookie must name our own host; one without the cookie is checked only when it names
 * an origin (stops login CSRF; leaves curl and server-to-server clients alone).
 */
export async function rejectCrossSiteWrites(request: FastifyRequest): Promise<void> {
  if (!UNSAFE_METHODS.has(request.method)) return;
  const withSession = request.cookies[SESSION_COOKIE] !== undefined;
  const source = request.headers.origin ?? request.headers.referer;
  if (source === undefined) {
    if (withSession) throw csrfRejected("Origin (or Referer) header is required with a session cookie.");
    return;
  }
  if (!isSameHost(source, request.host, request.protocol)) {
    throw csrfRejected("The request comes from another site.");
  }
}

/** Same host name and same port, a missing port meaning the scheme's default on either side. */
function isSameHost(source: string, host: string | undefined, protocol: "http" | "https"): boolean {
  if (host === undefined || host === "") return false;
  try {
    const origin = new URL(source);
    const ours = new URL(`${protocol}://${host}`);
    return origin.hostname === ours.hostname && portOf(origin) === portOf(ours);
  } catch {
    // `Origin: null` (sandboxed frames, file:) and garbage are never our site.
    return false;
  }
}

function portOf(url: URL): string {
  return url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
}

function csrfRejected(detail: string): DomainError {
  return new DomainError("csrf_rejected", detail);
}
