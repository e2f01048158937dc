import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { calendarDay, timeZone } from "../../domain/protocol/plan-input.schema.js";
import { PROBLEM_CONTENT_TYPE } from "../problem.js";

export { calendarDay, timeZone };

/** Row ids are UUIDs; anything else is a 400 naming the parameter, never a lookup. */
export const id = z.uuid({ error: (i) => (i.input === undefined ? "is required" : "must be a UUID") });

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a clinic slug (lower-case letters, digits, dashes)");

/**
 * An instant with an explicit offset (`2026-12-10T14:00:00Z` or `…-05:00`), read with Temporal so
 * impossible dates (`2026-02-30T…`) are refused; handed on in canonical UTC form.
 */
export const instant = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be an ISO-8601 instant") })
  .max(40)
  .transform((value, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
      ctx.addIssue({
        code: "custom",
        message: "must be an ISO-8601 instant with an offset, e.g. 2026-12-10T14:00:00Z",
      });
      return z.NEVER;
    }
    try {
      return Temporal.Instant.from(value).toString();
    } catch {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a valid instant` });
      return z.NEVER;
    }
  })
  .meta({ format: "date-time" });

/** Output instants: what the store hands back, already canonical. */
export const instantOut = z.string().meta({ format: "date-time" });

/** `HH:MM`, 00:00–23:59, a wall-clock time in the clinic's zone. */
export const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM (00:00–23:59)");

export const trimmedText = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: "must be an email address" }));

/** Query strings carry text; `true` / `false` only. */
export const queryBoolean = z
  .enum(["true", "false"], {
    error: (i) => (i.input === undefined ? "is required" : "must be true or false"),
  })
  .transform((value) => value === "true");

/** Query numbers: only the type message is our own here; bounds are worded by the validator's map. */
const wholeNumber = () =>
  z.coerce
    .number({ error: (i) => (i.code === "invalid_type" ? "must be a whole number" : undefined) })
    .int("must be a whole number");

export const limit = (max: number, fallback: number) => wholeNumber().min(1).max(max).default(fallback);

export const offset = wholeNumber().min(0).max(1_000_000).default(0);

export const clinicParams = z.strictObject({ slug });
export const patientParams = z.strictObject({ id });

const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string().optional(),
    errors: z
      .array(
        z.strictObject({
          path: z.string(),
          message: z.string(),
          in: z.enum(["body", "query", "path", "header"]).optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

/** Error answers for the OpenAPI document; the error handler sends them, never the route. */
export const PROBLEMS = {
  400: problem("Invalid input: `errors` names each field"),
  401: problem("Not signed in"),
  403: problem("Signed in, but the role may not do this (or a cross-site write)"),
  404: problem("No such resource, or not yours"),
  409: problem("Conflicts with the current state"),
  413: problem("Body too large"),
  415: problem("Body is not JSON"),
  422: problem("Refused by the rules (protocol, hours)"),
  429: problem("Too many attempts; see Retry-After"),
} as const;

type ProblemStatus = keyof typeof PROBLEMS;

export function problems(...statuses: ProblemStatus[]) {
  return Object.fromEntries(statuses.map((status) => [status, PROBLEMS[status]])) as {
    [K in ProblemStatus]?: (typeof PROBLEMS)[K];
  };
}

/** The cookie-session requirement, for the OpenAPI document. */
export const SIGNED_IN = [{ sessionCookie: [] }];
