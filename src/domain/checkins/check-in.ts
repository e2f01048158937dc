import { z } from "zod";
import { buildRedFlags } from "../protocol/aftercare.js";
import type { AddOn } from "../protocol/codes.js";
import type { Protocol } from "../protocol/protocol.schema.js";
import { addDays, dayOfInstant } from "../time/calendar.js";
import { text } from "../validation/text.js";

/**
 * Check-ins: short forms the patient answers after a completed session, on these days after the
 * session's end (day 3: the first days' redness should be fading; day 14: healed; day 60: the
 * collagen response shows). The messages that invite the patient link to each by its day.
 */
export const CHECK_IN_DAYS = [3, 14, 60] as const;
export type CheckInDay = (typeof CHECK_IN_DAYS)[number];

export function isCheckInDay(value: number): value is CheckInDay {
  return (CHECK_IN_DAYS as readonly number[]).includes(value);
}

/** Redness on the form's scale: 0 none, 1 faint pink, 2 clearly red, 3 deep red. */
export const REDNESS_MAX = 3;
/** From this level up, redness counts as "not faded" once the protocol says it should have. */
export const LASTING_REDNESS_FROM = 2;

export const SWELLING_LEVELS = ["none", "mild", "marked"] as const;
export type Swelling = (typeof SWELLING_LEVELS)[number];

const yesNo = () =>
  z.boolean({ error: (i) => (i.input === undefined ? "is required" : "must be true or false") });
const whole = (max: number) =>
  z
    .number({ error: (i) => (i.input === undefined ? "is required" : "must be a number") })
    .int("must be a whole number")
    .min(0, "must be at least 0")
    .max(max, `must be at most ${max}`);

/** What the patient answers; every question is required, the note is optional. */
export const checkInAnswersSchema = z.strictObject({
  redness: whole(REDNESS_MAX),
  swelling: z.enum(SWELLING_LEVELS, { error: `must be one of ${SWELLING_LEVELS.join(", ")}` }),
  warmthOrPus: yesNo(),
  fever: yesNo(),
  newBumps: yesNo(),
  painNotRelievedByAcetaminophen: yesNo(),
  coldSore: yesNo(),
  satisfaction: whole(10),
  note: text({ max: 2000, multiline: true }).nullable().optional(),
});
export type CheckInAnswers = z.infer<typeof checkInAnswersSchema>;

export type CheckInStatus = "not_yet_open" | "open" | "answered";

/** The day (patient's zone) a check-in opens: its number of days after the session's end day. */
export function checkInOpensOn(sessionEndsAt: string, patientTimeZone: string, day: CheckInDay): string {
  return addDays(dayOfInstant(sessionEndsAt, patientTimeZone), day);
}

/** A check-in opens on its day and stays open until answered (a late answer still tells the clinic). */
export function checkInStatus(opensOn: string, today: string, answered: boolean): CheckInStatus {
  if (answered) return "answered";
  return today < opensOn ? "not_yet_open" : "open";
}

/** An answered check-in as the judgment needs it: the answers and how long after the session. */
export interface JudgedAnswers {
  answers: CheckInAnswers;
  /** Whole or fractional hours from the session's end to the answer. */
  hoursAfterSession: number;
}

export type AlertSeverity = "urgent" | "attention";

export interface CheckInJudgment {
  /** The protocol's red-flag codes the answers show, in the protocol's order. */
  codes: string[];
  severity: AlertSeverity;
  /** The protocol's words for each sign, one sentence after the other. */
  summary: string;
}

/**
 * Signs that may mean infection or a reaction needing a clinician the same day; the rest call for
 * a look within the clinic's working day.
 */
const URGENT_CODES: ReadonlySet<string> = new Set(["infection_signs", "pain_not_relieved"]);

const SWELLING_ORDER: Record<Swelling, number> = { none: 0, mild: 1, marked: 2 };

/**
 * Which answers show which of the protocol's red-flag signs. A sign the clinic's protocol does not
 * list is not judged (the clinic chose not to be called for it); a sign the protocol lists that
 * no question asks about (a clinic's own) is never raised from a check-in.
 */
const SHOWN_BY: Record<string, (now: CheckInAnswers, previous: CheckInAnswers | null) => boolean> = {
  infection_signs: (a) => a.warmthOrPus || a.fever,
  pain_not_relieved: (a) => a.painNotRelievedByAcetaminophen,
  cold_sore_outbreak: (a) => a.coldSore,
  itchy_bumps: (a) => a.newBumps,
  redness_lasting: (a) => a.redness >= LASTING_REDNESS_FROM,
  redness_worsening: (a, before) =>
    before !== null &&
    (a.redness > before.redness || SWELLING_ORDER[a.swelling] > SWELLING_ORDER[before.swelling]),
};

/**
 * Judges one check-in against the protocol's red flags: a sign counts once the answer comes at
 * least the sign's `afterHours` (its RF variant after an RF session) after the session's end; so
 * redness at day 3 is expected, the same redness at day 14 is not. `previous` is the same
 * session's latest earlier check-in, for "worse than before". Undefined: within the expected course.
 */
export function judgeCheckIn(input: {
  protocol: Protocol;
  addOns: readonly AddOn[];
  current: JudgedAnswers;
  previous: JudgedAnswers | null;
}): CheckInJudgment | undefined {
  const flags = buildRedFlags(input.protocol, input.addOns).filter((flag) => {
    const shown = SHOWN_BY[flag.code];
    if (shown === undefined) return false;
    if (input.current.hoursAfterSession < flag.afterHours) return false;
    return shown(input.current.answers, input.previous?.answers ?? null);
  });
  if (flags.length === 0) return undefined;
  const codes = flags.map((f) => f.code);
  return {
    codes,
    severity: codes.some((c) => URGENT_CODES.has(c)) ? "urgent" : "attention",
    summary: flags.map((f) => f.text).join(" "),
  };
}
