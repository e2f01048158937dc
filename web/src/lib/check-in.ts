/**
 * The check-in form's answers while the patient fills them in. Every question starts unanswered
 * (null) rather than "no" or 0: a form sent without reading a question would tell the clinic
 * all is well when nobody said so.
 */
export interface CheckInDraft {
  redness: string | null;
  swelling: string | null;
  warmthOrPus: string | null;
  fever: string | null;
  newBumps: string | null;
  painNotRelievedByAcetaminophen: string | null;
  coldSore: string | null;
  satisfaction: string | null;
  note: string;
}

export type Swelling = "none" | "mild" | "marked";

export interface CheckInAnswers {
  redness: number;
  swelling: Swelling;
  warmthOrPus: boolean;
  fever: boolean;
  newBumps: boolean;
  painNotRelievedByAcetaminophen: boolean;
  coldSore: boolean;
  satisfaction: number;
  note: string | null;
}

export const CHECK_IN_DAYS = ["3", "14", "60"] as const;
export const YES_NO_QUESTIONS = [
  ["warmthOrPus", "Is the skin warm to the touch, or is there pus or yellow crust?"],
  ["fever", "Do you have a fever (38 °C / 100.4 °F or higher)?"],
  ["newBumps", "Have new bumps, spots or blisters appeared on the treated skin?"],
  ["painNotRelievedByAcetaminophen", "Is there pain that acetaminophen (paracetamol) does not relieve?"],
  ["coldSore", "Do you have a cold sore (on the lip or around the mouth)?"],
] as const;

export const NOTE_MAX = 2000;
const SWELLING: readonly Swelling[] = ["none", "mild", "marked"];

export const emptyCheckIn: CheckInDraft = {
  redness: null,
  swelling: null,
  warmthOrPus: null,
  fever: null,
  newBumps: null,
  painNotRelievedByAcetaminophen: null,
  coldSore: null,
  satisfaction: null,
  note: "",
};

function wholeIn(value: string | null, max: number): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

function yesNo(value: string | null): boolean | null {
  return value === "yes" ? true : value === "no" ? false : null;
}

/**
 * The answers to send, or a message per unanswered or invalid question (named like the server
 * names them, so its own refusals land in the same places).
 */
export function checkInAnswers(
  draft: CheckInDraft,
): { ok: true; answers: CheckInAnswers } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const redness = wholeIn(draft.redness, 3);
  if (redness === null) errors.redness = "Choose how red the skin is";
  const swelling = SWELLING.find((s) => s === draft.swelling) ?? null;
  if (swelling === null) errors.swelling = "Choose how swollen the skin is";
  const flags = {} as Record<(typeof YES_NO_QUESTIONS)[number][0], boolean>;
  for (const [name] of YES_NO_QUESTIONS) {
    const answer = yesNo(draft[name]);
    if (answer === null) errors[name] = "Answer yes or no";
    else flags[name] = answer;
  }
  const satisfaction = wholeIn(draft.satisfaction, 10);
  if (satisfaction === null) errors.satisfaction = "Choose a number from 0 to 10";
  const note = draft.note.trim();
  if (note.length > NOTE_MAX) errors.note = `Keep the note under ${NOTE_MAX} characters`;
  if (Object.keys(errors).length > 0 || redness === null || swelling === null || satisfaction === null)
    return { ok: false, errors };
  return {
    ok: true,
    answers: { redness, swelling, ...flags, satisfaction, note: note === "" ? null : note },
  };
}

export function isCheckInDay(day: string | undefined): day is (typeof CHECK_IN_DAYS)[number] {
  return (CHECK_IN_DAYS as readonly (string | undefined)[]).includes(day);
}
