import { z } from "zod";
import { clinicSlug, emailAddress } from "../../domain/clinic/clinic-profile.js";
import { calendarDay, instant, timeZone } from "../../domain/time/time.schema.js";
import { text } from "../../domain/validation/text.js";
import { PROBLEM_CONTENT_TYPE } from "../problem.js";

/**
 * Dates and instants refuse impossible values and years outside 1900–2200; text refuses control
 * characters. Both come from the domain, so the HTTP edge and the rules read input alike.
 */
export { calendarDay, instant, text, timeZone };

/** Row ids are UUIDs; anything else is a 400 naming the parameter, never a lookup. */
export const id = z.uuid({ error: (i) => (i.input === undefined ? "is required" : "must be a UUID") });

export const slug = clinicSlug;

/** Output instants: what the store hands back, already canonical. */
export const instantOut = z.string().meta({ format: "date-time" });

/**
 * Output days: what the rules computed. Not bounded like input days: a plan asked for late in
 * 2200 has its maintenance in 2201, and an answer never fails over it.
 */
export const dayOut = z.string().meta({ format: "date" });

/** `HH:MM`, 00:00–23:59, a wall-clock time in the clinic's zone. */
export const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM (00:00–23:59)");

/** One line of text, trimmed, not empty, at most `max` characters, no control characters. */
export const trimmedText = (max: number) => text({ max });

/** A note: like `trimmedText`, but tabs and line breaks are kept. */
export const noteText = (max: number) => text({ max, multiline: true });

export const email = emailAddress;

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
  503: problem("Not ready, or overloaded; see Retry-After"),
} as const;

type ProblemStatus = keyof typeof PROBLEMS;

export function problems(...statuses: ProblemStatus[]) {
  return Object.fromEntries(statuses.map((status) => [status, PROBLEMS[status]])) as {
    [K in ProblemStatus]?: (typeof PROBLEMS)[K];
  };
}

/** The cookie-session requirement, for the OpenAPI document. */
export const SIGNED_IN = [{ sessionCookie: [] }];
