import type { FieldProblem } from "../errors.js";
import type {
  ConcernCode,
  ConditionCode,
  MedicationCode,
  ProcedureCode,
  Severity,
  SkinType,
} from "./codes.js";

/** Calendar days are `YYYY-MM-DD`. */
export interface ConcernEntry {
  code: ConcernCode;
  severity: Severity;
}

/** Either still being taken (`ongoing`, the plan says when to stop) or stopped on `lastTakenOn`. */
export type MedicationEntry =
  | { code: MedicationCode; ongoing: true; lastTakenOn?: undefined }
  | { code: MedicationCode; ongoing?: false; lastTakenOn: string };

export interface ProcedureEntry {
  code: ProcedureCode;
  on: string;
}

/** What the patient told the clinic; each change is stored as a new version. */
export interface Intake {
  concerns: ConcernEntry[];
  medications: MedicationEntry[];
  recentProcedures: ProcedureEntry[];
  conditions: ConditionCode[];
  /** Fitzpatrick phototype, when the patient or the provider gave it. */
  skinType?: SkinType | undefined;
}

/** A provider's acceptance of a washout or a needs-review reason (never a hard block). */
export interface Override {
  code: string;
  reason: string;
  by: string;
  /**
   * The intake facts the provider accepted it for (`overrideFactsOf`), set when a plan is
   * accepted; when the intake tells something else about the code, the override lapses.
   */
  facts?: string | undefined;
}

/**
 * What the patient reports has already happened: a last dose or a procedure after `today` is a
 * mistake, named by field. `label` says what "today" is called where the answer is read.
 */
export function futureDayProblems(
  intake: Pick<Intake, "medications" | "recentProcedures">,
  today: string,
  label: string,
): FieldProblem[] {
  const fields: FieldProblem[] = [];
  intake.medications.forEach((m, i) => {
    if (m.lastTakenOn !== undefined && m.lastTakenOn > today)
      fields.push({ path: `medications[${i}].lastTakenOn`, message: `is after ${label} (${today})` });
  });
  intake.recentProcedures.forEach((p, i) => {
    if (p.on > today)
      fields.push({ path: `recentProcedures[${i}].on`, message: `is after ${label} (${today})` });
  });
  return fields;
}
