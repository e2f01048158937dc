import type { ConcernCode, ConditionCode, MedicationCode, ProcedureCode, Severity } from "./codes.js";

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
}

/** A provider's acceptance of a washout or a needs-review reason (never a hard block). */
export interface Override {
  code: string;
  reason: string;
  by: string;
}
