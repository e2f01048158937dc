import type { FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import { DomainError } from "../../domain/errors.js";
import { SESSION_COOKIE } from "./session-cookie.js";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Names the local machine answers to; browsers on it may use any of them. */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
/** A HOST that listens on every interface names no origin of its own. */
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * CSRF defence by origin: a browser names the page that sent a request in `Origin` (or at least
 * `Referer`), and a forged cross-site request cannot fake it. An unsafe request that carries the
 * session cookie must come from our public origin; one without the cookie is checked only when it
 * names an origin (stops login CSRF; leaves curl and server-to-server clients alone).
 *
 * Our origin is the configured `PUBLIC_URL`, never the request's `Host` (or `X-Forwarded-Host`):
 * a request may say any host it likes, and one that names the attacker's site as both its Host and
 * its Origin must not pass. Without `PUBLIC_URL`, the origins of a local run: `http://` with a
 * loopback name or `HOST`, at the port the connection came in on (the socket's, not a header).
 */
export function rejectCrossSiteWrites(config: Pick<Config, "publicOrigin" | "host">) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    const withSession = request.cookies[SESSION_COOKIE] !== undefined;
    const source = request.headers.origin ?? request.headers.referer;
    if (source === undefined) {
      if (withSession) throw csrfRejected("Origin (or Referer) header is required with a session cookie.");
      return;
    }
    const origin = originOf(source);
    if (origin === undefined || !ourOrigins(config, request).includes(origin)) {
      throw csrfRejected("The request comes from another site.");
    }
  };
}

function ourOrigins(config: Pick<Config, "publicOrigin" | "host">, request: FastifyRequest): string[] {
  if (config.publicOrigin !== null) return [config.publicOrigin];
  const port = request.raw.socket?.localPort;
  if (port === undefined) return [];
  const host = config.host.includes(":") && !config.host.startsWith("[") ? `[${config.host}]` : config.host;
  const hosts = WILDCARD_HOSTS.has(host) ? LOOPBACK_HOSTS : [...LOOPBACK_HOSTS, host];
  return hosts.flatMap((name) => originOf(`http://${name}:${port}`) ?? []);
}

/** Scheme, host and port as `URL` normalizes them (a default port dropped, the host lower-cased). */
function originOf(source: string): string | undefined {
  try {
    const url = new URL(source);
    // `Origin: null` (sandboxed frames, file:) and other schemes are never our site.
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function csrfRejected(detail: string): DomainError {
  return new DomainError("csrf_rejected", detail);
}
