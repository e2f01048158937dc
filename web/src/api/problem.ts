import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];
export type ProblemField = NonNullable<Problem["errors"]>[number];

/** A refused request: the server's problem+json when it sent one (RFC 9457), else just the status. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  constructor(status: number, body: unknown) {
    const problem = isProblem(body) ? body : undefined;
    super(problem?.detail ?? `The server answered ${status}.`);
    this.name = "ApiProblem";
    this.status = status;
    this.problem = problem;
  }
  get code(): string | undefined {
    return this.problem?.code;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && "status" in body && "title" in body;
}

/**
 * The server names failing fields as paths into the body (`concerns[0].code`, `adminEmail`).
 * Forms name their inputs the same way, so each message lands beside its own input. Query and
 * path problems keep their prefix (`query.from`) so they never shadow a body field of that name.
 * The first message for a path wins: it is the most specific one the server sends first.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const fields = error instanceof ApiProblem ? (error.problem?.errors ?? []) : [];
  const out: Record<string, string> = {};
  for (const field of fields) {
    const key = field.in === "body" || field.in === undefined ? field.path : `${field.in}.${field.path}`;
    const normalized = normalizePath(key);
    if (!(normalized in out)) out[normalized] = field.message;
  }
  return out;
}

/** `concerns.0.code`, `concerns[0].code` and `/concerns/0/code` all name the same input. */
export function normalizePath(path: string): string {
  return path
    .replace(/^\//, "")
    .replace(/\//g, ".")
    .replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/**
 * What a page says above the form: the problem's detail, unless every detail is already shown
 * beside a field (then the title is enough).
 */
export function summaryOf(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return "The server could not be reached. Check your connection and try again.";
    return error.problem?.detail ?? error.message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
