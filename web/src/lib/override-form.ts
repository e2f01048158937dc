import type { StoredPlan } from "../api/client";

/** The longest reason the server keeps for one override (its `noteText(1000)`). */
export const MAX_REASON_LENGTH = 1000;

type Reason = StoredPlan["eligibility"]["reasons"][number];

/** One row of the review form: a reason the plan gives, and whether the provider accepts it. */
export interface OverrideRow {
  code: string;
  detail: string;
  effect: Reason["effect"];
  accept: boolean;
  reason: string;
}

export interface OverrideValues {
  overrides: OverrideRow[];
}

/**
 * The rows a provider can act on: every reason not already accepted that is not a hard block
 * (a block is never overridden, so offering it would only invite a refusal). A reason that needs
 * review starts ticked: the plan cannot be accepted without it, and the provider still has to
 * write why.
 */
export function overrideRowsOf(plan: StoredPlan): OverrideRow[] {
  return plan.eligibility.reasons
    .filter((r) => r.effect !== "block" && r.override === null)
    .map((r) => ({
      code: r.code,
      detail: r.detail,
      effect: r.effect,
      accept: r.effect === "review",
      reason: "",
    }));
}

export type OverrideBody = { overrides: { code: string; reason: string }[] };

/**
 * The accept request from the form, or the messages to show beside the rows. Every accepted
 * reason needs the provider's own words: the override is signed with their name and audited.
 * `rowOfBody[i]` is the form row the body's i-th override came from, so the server's
 * `overrides[i].reason` lands on the right row.
 */
export function overridesToBody(
  values: OverrideValues,
): { ok: true; body: OverrideBody; rowOfBody: number[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const body: OverrideBody = { overrides: [] };
  const rowOfBody: number[] = [];
  values.overrides.forEach((row, i) => {
    if (!row.accept) return;
    const reason = row.reason.trim();
    if (reason === "") errors[`overrides.${i}.reason`] = "Write why you accept this";
    else if (reason.length > MAX_REASON_LENGTH)
      errors[`overrides.${i}.reason`] = `Keep it under ${MAX_REASON_LENGTH} characters`;
    body.overrides.push({ code: row.code, reason });
    rowOfBody.push(i);
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body, rowOfBody };
}

/**
 * The server's field messages (`overrides[1].reason`, normalized by fieldErrorsOf) renamed to the
 * form's rows (`overrides.3.reason`). Messages about anything else stay as they are.
 */
export function overrideErrorsToForm(
  fieldErrors: Record<string, string>,
  rowOfBody: readonly number[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const match = /^overrides\[(\d+)\](?:\.(code|reason))?$/.exec(path);
    const row = match === null ? undefined : rowOfBody[Number(match[1])];
    if (match === null || row === undefined) out[path] = message;
    else out[`overrides.${row}.${match[2] ?? "reason"}`] = message;
  }
  return out;
}
