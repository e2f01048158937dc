import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isDomainError } from "../domain/errors.js";
import { PROBLEM_CONTENT_TYPE, type Problem, type ProblemCode, problemOf } from "./problem.js";
import { RequestValidationError } from "./validation.js";

/** Fastify's own request errors, by code: what we answer instead of its JSON. */
const FASTIFY_ERRORS: Record<string, { code: ProblemCode; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "bad_request", detail: "The body is not valid JSON." },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: "bad_request",
    detail: "The body is empty but Content-Type says JSON.",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "payload_too_large", detail: "The body is too large." },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "unsupported_media_type",
    detail: "Send the body as application/json.",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "bad_request",
    detail: "Content-Length does not match the body.",
  },
  // @fastify/multipart's (photo uploads).
  FST_REQ_FILE_TOO_LARGE: { code: "payload_too_large", detail: "The photo is larger than the upload limit." },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    code: "unsupported_media_type",
    detail: "Send the photo as multipart/form-data.",
  },
  FST_FILES_LIMIT: { code: "bad_request", detail: "Send one file per upload." },
  FST_PARTS_LIMIT: { code: "bad_request", detail: "The form has too many parts." },
  FST_FIELDS_LIMIT: { code: "bad_request", detail: "The form has too many fields." },
  FST_ERR_BAD_URL: { code: "bad_request", detail: "The URL is not valid." },
  FST_ERR_MAX_PARAM_LENGTH: { code: "bad_request", detail: "A path segment is too long." },
};

/**
 * The one error handler: every failure becomes problem+json. Anything unrecognised is a bug:
 * it is logged (with the request id the logger carries) and answered 500 with no detail.
 */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error, request);
  if (problem.status >= 500) {
    request.log.error({ err: error }, "unhandled error");
  }
  if (isDomainError(error) && error.details.retryAfterSeconds !== undefined) {
    reply.header("retry-after", String(error.details.retryAfterSeconds));
  }
  return sendProblem(reply, problem);
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  // A string payload with a JSON media type is sent as is, past the route's response serializer.
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

function toProblem(error: unknown, request: FastifyRequest): Problem {
  const requestId = request.id;
  if (error instanceof RequestValidationError) {
    return problemOf({ code: "invalid_input", detail: error.message, errors: error.fields, requestId });
  }
  if (isDomainError(error)) {
    const { fields, ...rest } = error.details;
    return problemOf({
      code: error.code,
      detail: error.message,
      extensions: jsonSafe(rest),
      requestId,
      ...(fields !== undefined && { errors: fields }),
    });
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code === undefined ? undefined : FASTIFY_ERRORS[fastifyError.code];
  if (known) return problemOf({ code: known.code, detail: known.detail, requestId });
  const status = fastifyError.statusCode;
  if (status === 429) {
    return problemOf({ code: "too_many_requests", detail: "Too many requests; try again later.", requestId });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    // Another client error from Fastify or a plugin: keep its status, not its wording.
    return problemOf({
      code: "bad_request",
      status,
      detail: "The request could not be processed.",
      requestId,
    });
  }
  return problemOf({ code: "internal_error", detail: "Something went wrong on our side.", requestId });
}

/** Domain details go out as extension members; anything that is not plain JSON is dropped. */
function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    try {
      const text = JSON.stringify(value);
      if (text !== undefined) out[key] = JSON.parse(text);
    } catch {
      // Circular or otherwise unserialisable: not for the client.
    }
  }
  return out;
}
