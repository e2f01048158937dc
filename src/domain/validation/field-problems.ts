import type { z } from "zod";
import type { FieldProblem } from "../errors.js";
import { DomainError } from "../errors.js";
import { EXCERPT_LENGTH, escapeControlCharacters } from "./text.js";

/** `["concerns", 0, "code"]` → `concerns[0].code`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? keyOf(part) : `.${keyOf(part)}`;
  }
  return out;
}

function joinPath(base: string, key: string): string {
  return base === "" ? keyOf(key) : `${base}.${keyOf(key)}`;
}

/**
 * A key as a path shows it. Keys come from the input (an unknown field is named), so a long one
 * is cut to an excerpt and control characters are escaped: a path stays one short line.
 */
function keyOf(part: PropertyKey): string {
  const key = String(part);
  const cut = key.length > EXCERPT_LENGTH ? `${key.slice(0, EXCERPT_LENGTH)}…` : key;
  return escapeControlCharacters(cut);
}

/**
 * At most this many problems are answered, and a one-line summary names at most
 * `SUMMARY_PROBLEMS` of them: a list of a hundred thousand bad entries is refused in a few lines.
 */
export const MAX_FIELD_PROBLEMS = 20;
const SUMMARY_PROBLEMS = 5;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "an array",
  object: "an object",
  record: "an object",
  tuple: "an array",
  date: "a date",
  null: "null",
};

/**
 * House wording for zod's own issues, so a field message never carries the validator's text
 * ("Invalid input: expected string, received undefined"). Messages a schema gives itself win over
 * this map. Pass it as the `error` of a parse (`safeParse(schema, value, { error: fieldMessage })`);
 * the HTTP edge does so for every request.
 */
export const fieldMessage: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined && issue.code !== "custom") return "is required";
  switch (issue.code) {
    case "invalid_type":
      return `must be ${TYPE_NAMES[issue.expected] ?? `of type ${issue.expected}`}`;
    case "too_small":
      return boundMessage(issue.origin, "at least", issue.minimum, issue.inclusive !== false);
    case "too_big":
      return boundMessage(issue.origin, "at most", issue.maximum, issue.inclusive !== false);
    case "invalid_format":
      return FORMAT_NAMES[issue.format] ?? `must be a valid ${issue.format}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return "unknown field";
    case "invalid_union":
      return "does not match any allowed form";
    case "invalid_key":
      return "has a key that is not allowed";
    case "invalid_element":
      return "has an entry that is not allowed";
    default:
      return "is not valid";
  }
};

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  uuid: "must be a UUID",
  guid: "must be a UUID",
  email: "must be an email address",
  url: "must be a URL",
  datetime: "must be an ISO-8601 instant",
  date: "must be a date, YYYY-MM-DD",
  time: "must be a time",
  regex: "has the wrong format",
};

function boundMessage(origin: string, side: string, bound: number | bigint, inclusive: boolean): string {
  const strict = inclusive ? "" : side === "at least" ? "more than " : "less than ";
  const limit = inclusive ? `${side} ${bound}` : `${strict}${bound}`;
  switch (origin) {
    case "string":
      return side === "at least" && bound === 1 ? "must not be empty" : `must be ${limit} characters long`;
    case "array":
    case "set":
      return side === "at least" && bound === 1 ? "must not be empty" : `must have ${limit} entries`;
    default:
      return `must be ${limit}`;
  }
}

/** Issues that, on a field that is absent, mean only that it is missing. */
const MISSING_CODES: ReadonlySet<string> = new Set([
  "invalid_type",
  "invalid_value",
  "invalid_union",
  "invalid_format",
]);

/**
 * One problem per failing field, unknown keys each named on their own. Given the `input` that was
 * parsed, an absent field says "is required" whatever a schema's own type message says (zod does
 * not keep the input on its issues, so the input itself is the only sure sign).
 */
export function toFieldProblems(issues: readonly z.core.$ZodIssue[], input?: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    if (problems.length >= MAX_FIELD_PROBLEMS) break;
    const path = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys.slice(0, MAX_FIELD_PROBLEMS - problems.length))
        problems.push({ path: joinPath(path, key), message: "unknown field" });
    } else if (
      MISSING_CODES.has(issue.code) &&
      (issue.message.endsWith("received undefined") ||
        (input !== undefined && valueAt(input, issue.path) === undefined))
    ) {
      problems.push({ path, message: "is required" });
    } else {
      problems.push({ path, message: issue.message });
    }
  }
  return problems;
}

/** The value at `path` inside `input`, or undefined when any step of the way is absent. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * `concerns[0].code: unknown concern "x"; extra: unknown field`, for a one-line summary of the
 * first few problems (the answer's field list has the rest).
 */
export function describeProblems(problems: readonly FieldProblem[]): string {
  const named = problems
    .slice(0, SUMMARY_PROBLEMS)
    .map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`))
    .join("; ");
  const more = problems.length - SUMMARY_PROBLEMS;
  return more > 0 ? `${named}; and ${more} more` : named;
}

/** Parse or throw `invalid_input` naming every failing field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value, { error: fieldMessage });
  if (result.success) return result.data;
  const fields = toFieldProblems(result.error.issues, value);
  throw new DomainError("invalid_input", `The ${what} is not valid: ${describeProblems(fields)}.`, {
    fields,
  });
}
