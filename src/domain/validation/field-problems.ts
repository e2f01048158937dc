import type { z } from "zod";
import type { FieldProblem } from "../errors.js";
import { DomainError } from "../errors.js";

/** `["concerns", 0, "code"]` → `concerns[0].code`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

function joinPath(base: string, key: string): string {
  return base === "" ? key : `${base}.${key}`;
}

/** One problem per failing field, unknown keys each named on their own. */
export function toFieldProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.push({ path: joinPath(path, key), message: "unknown field" });
    } else if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
      // zod does not keep the input on issues; its message is the only sign of a missing field.
      problems.push({ path, message: "is required" });
    } else {
      problems.push({ path, message: issue.message });
    }
  }
  return problems;
}

export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`)).join("\n");
}

/** Parse or throw `invalid_input` naming every failing field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = toFieldProblems(result.error.issues);
  throw new DomainError("invalid_input", `invalid ${what}:\n${describeProblems(fields)}`, { fields });
}
