import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyServerOptions } from "fastify";
import type { LogLevel } from "../config.js";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's (or the load balancer's) `X-Request-Id` when it is a plain token. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers["x-request-id"];
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

interface LoggedRequest {
  method?: string;
  routeOptions?: { url?: string };
}

/**
 * Logs carry the request id (Fastify binds it as `reqId`), the method, the route pattern and the
 * status: never the concrete URL (ids, search text), headers, client address or bodies, so no
 * patient data reaches the log.
 */
export function loggerOptions(
  level: LogLevel,
  stream?: { write(line: string): void },
): FastifyServerOptions["logger"] {
  if (level === "silent") return false;
  return {
    level,
    ...(stream !== undefined && { stream }),
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        route: request.routeOptions?.url ?? "(no route)",
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
