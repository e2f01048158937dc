import type { paths } from "../api/schema";

export type AssessmentBody = NonNullable<
  paths["/api/v1/bookings/{bookingId}/assessment"]["put"]["requestBody"]
>["content"]["application/json"];
type Concern = AssessmentBody["concerns"][number]["concern"];
type Improvement = NonNullable<AssessmentBody["concerns"][number]["improvement"]>;

export const IMPROVEMENTS: Improvement[] = ["worse", "unchanged", "slight", "moderate", "marked"];

/** One concern of the patient as the provider scores it; empty strings are "not assessed". */
export interface AssessmentRow {
  concern: string;
  score: number | "";
  improvement: string;
}

export interface AssessmentValues {
  concerns: AssessmentRow[];
}

/**
 * The PUT body from the rows the provider filled in; a row left wholly empty is a concern not
 * assessed this session. At least one row is needed (the server refuses an empty assessment).
 * `rowOfBody[i]` is the form row of the body's i-th concern, for the server's messages.
 */
export function valuesToAssessment(
  values: AssessmentValues,
): { ok: true; body: AssessmentBody; rowOfBody: number[] } | { ok: false; errors: Record<string, string> } {
  const concerns: AssessmentBody["concerns"] = [];
  const rowOfBody: number[] = [];
  const errors: Record<string, string> = {};
  values.concerns.forEach((row, i) => {
    if (row.score === "" && row.improvement === "") return;
    if (row.score !== "" && (!Number.isInteger(row.score) || row.score < 0 || row.score > 10))
      errors[`concerns.${i}.score`] = "A whole number from 0 to 10";
    concerns.push({
      // The rows come from the patient's intake, whose concern codes are the API's own.
      concern: row.concern as Concern,
      score: row.score === "" ? null : row.score,
      improvement: row.improvement === "" ? null : (row.improvement as Improvement),
    });
    rowOfBody.push(i);
  });
  if (concerns.length === 0) errors["concerns.0.score"] = "Score at least one concern";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { concerns }, rowOfBody };
}

/** The server's `concerns[1].score` onto the form row it came from (`concerns.3.score`). */
export function assessmentErrorsToForm(
  fieldErrors: Record<string, string>,
  rowOfBody: readonly number[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const match = /^concerns\[(\d+)\]\.(score|improvement|concern)$/.exec(path);
    const row = match === null ? undefined : rowOfBody[Number(match[1])];
    if (match === null || row === undefined) out[path] = message;
    else out[`concerns.${row}.${match[2] === "improvement" ? "improvement" : "score"}`] = message;
  }
  return out;
}
