import type { FastifySchemaCompiler } from "fastify";
import type { z } from "zod";
import { safeParse } from "zod/v4/core";
import { describeProblems, toFieldProblems } from "../domain/validation/field-problems.js";
import type { FieldLocation, ProblemField } from "./problem.js";

const LOCATION: Record<string, FieldLocation> = {
  body: "body",
  querystring: "query",
  params: "path",
  headers: "header",
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
    super(`invalid ${location}: ${describeProblems(fields).replaceAll("\n", "; ")}`);
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
    const result = safeParse(schema, location === "body" && data === null ? undefined : data);
    if (result.success) return { value: result.data };
    const fields = toFieldProblems(result.error.issues).map((field) => ({ ...field, in: location }));
    return { error: new RequestValidationError(location, fields) };
  };
};
