import type { FastifySchemaCompiler } from "fastify";
import type { z } from "zod";
import { safeParse } from "zod/v4/core";
import { describeProblems, fieldMessage, toFieldProblems } from "../domain/validation/field-problems.js";
import type { FieldLocation, ProblemField } from "./problem.js";

const LOCATION: Record<string, FieldLocation> = {
  body: "body",
  querystring: "query",
  params: "path",
  headers: "header",
};

const WHAT: Record<FieldLocation, string> = {
  body: "body",
  query: "query string",
  path: "path",
  header: "headers",
};

/** A request that does not match its route's schema; answered 400 with one entry per field. */
export class RequestValidationError extends Error {
  override readonly name = "RequestValidationError";
  /** Fastify reads these two; 400 whatever else happens. */
  readonly statusCode = 400;
  readonly code = "FST_ERR_VALIDATION";
  constructor(
    readonly location: FieldLocation,
    readonly fields: ProblemField[],
  ) {
    super(`The request ${WHAT[location]} is not valid: ${describeProblems(fields)}.`);
  }
}

/**
 * Validates with zod and keeps its issues as field paths (`concerns[0].code`, unknown keys named
 * one by one). The provider's own compiler flattens issues into AJV-style errors that lose both.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const location = LOCATION[httpPart ?? "body"] ?? "body";
  return (data: unknown) => {
    // Fastify hands a POST without a body over as null; optional bodies default only on undefined.
    const input = location === "body" && data === null ? undefined : data;
    // Our own wording for zod's built-in checks; a schema's own messages take precedence.
    const result = safeParse(schema, input, { error: fieldMessage });
    if (result.success) return { value: result.data };
    const fields = toFieldProblems(result.error.issues, input).map((field) => ({ ...field, in: location }));
    return { error: new RequestValidationError(location, fields) };
  };
};
