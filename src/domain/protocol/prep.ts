import { addDays, laterDay } from "../time/calendar.js";
import type { AddOn, MedicationCode } from "./codes.js";
import { type EligibilityReason, washoutOf } from "./eligibility.js";
import type { ExplanationEntry } from "./explanation.js";
import type { Intake, Override } from "./intake.js";
import { plural } from "./plural.js";
import type { Protocol } from "./protocol.schema.js";

export interface PrepStep {
  /** The planned session (1-based, in the order given) this step prepares for or follows. */
  session: number;
  on: string;
  code: string;
  text: string;
}

export interface PrepQuery {
  protocol: Protocol;
  intake: Intake;
  asOf: string;
  /** The day of every planned session, in order. */
  sessionDays: readonly string[];
  /** Number of the first of `sessionDays` (1 for a new series; k+1 after k completed sessions). */
  firstSessionNumber?: number;
  addOns: readonly AddOn[];
  overrides: readonly Override[];
  reasons: readonly EligibilityReason[];
}

/** A stretch of days a skin topical is paused: `from` (stop) up to `until` (resume), for sessions. */
export interface Pause {
  code: MedicationCode;
  from: string;
  until: string;
  firstSession: number;
  lastSession: number;
}

/** Days after a session before the skin has healed, from the `healed` expectation (seed: 1-2 weeks). */
function healedDays(protocol: Protocol): number {
  return protocol.expectations.find((e) => e.code === "healed")?.toDays ?? 14;
}

/**
 * The pauses of each ongoing skin topical the protocol pauses: every session gets its own
 * washout before and resume after; when the next washout starts before the resume day (a short
 * interval), the two pauses join, so the product is never resumed for a day or two in between.
 */
export function topicalPauses(q: PrepQuery): Pause[] {
  const { protocol, intake, sessionDays, addOns } = q;
  const first = q.firstSessionNumber ?? 1;
  const pauses: Pause[] = [];
  for (const med of intake.medications) {
    const topical = protocol.skinTopicals[med.code];
    if (!med.ongoing || topical === undefined) continue;
    if (q.overrides.some((o) => o.code === med.code)) continue; // the provider gives their own instruction
    const { days } = washoutOf("medications", med.code, protocol.medications[med.code], addOns);
    if (days === null) continue;
    let open: Pause | undefined;
    sessionDays.forEach((day, i) => {
      const from = addDays(day, -days);
      const until = addDays(day, Math.max(topical.resumeDays, 1));
      if (open !== undefined && from <= open.until) {
        open.until = laterDay(open.until, until);
        open.lastSession = first + i;
        return;
      }
      open = { code: med.code, from, until, firstSession: first + i, lastSession: first + i };
      pauses.push(open);
    });
  }
  return pauses;
}

/**
 * Dated steps before and after every planned session; recomputed whenever a session moves.
 * Prescribed medicines never get a stop step: only their prescriber changes them.
 */
export function buildPrep(q: PrepQuery): { steps: PrepStep[]; explanation: ExplanationEntry[] } {
  const { protocol, intake, asOf, sessionDays, addOns } = q;
  const first = q.firstSessionNumber ?? 1;
  const steps: PrepStep[] = [];
  const explanation: ExplanationEntry[] = [];
  const notBeforeToday = (day: string) => laterDay(day, asOf);
  const firstDay = sessionDays[0];
  if (firstDay === undefined) return { steps, explanation };

  const pauses = topicalPauses(q);
  for (const pause of pauses) {
    const rule = protocol.medications[pause.code];
    const { days, path } = washoutOf("medications", pause.code, rule, addOns);
    const resumeDays = protocol.skinTopicals[pause.code]?.resumeDays ?? 0;
    const sessionOn = sessionDays[pause.firstSession - first] ?? firstDay;
    const lastOn = sessionDays[pause.lastSession - first] ?? firstDay;
    const through =
      pause.lastSession === pause.firstSession ? "" : ` and keep it paused through your session on ${lastOn}`;
    steps.push({
      session: pause.firstSession,
      on: pause.from,
      code: `stop_${pause.code}`,
      text: `${rule.label}: pause it from today, ${plural(days ?? 0, "day")} before your session on ${sessionOn}${through}.`,
    });
    steps.push({
      session: pause.lastSession,
      on: pause.until,
      code: `resume_${pause.code}`,
      text: `${rule.label}: you may use it again from today, ${plural(resumeDays, "day")} after your session on ${lastOn}.`,
    });
    explanation.push({
      rule: "prep.pause_topical",
      path,
      detail: `ongoing ${pause.code}: paused ${pause.from} to ${pause.until} (sessions ${pause.firstSession}–${pause.lastSession}), resumed ${resumeDays} days after (skinTopicals.${pause.code}.resumeDays)`,
    });
  }

  for (const med of intake.medications) {
    const rule = protocol.medications[med.code];
    if (!med.ongoing || protocol.skinTopicals[med.code] !== undefined) continue;
    const { days, path } = washoutOf("medications", med.code, rule, addOns);
    if (days === null || days === 0) continue;
    if (q.overrides.some((o) => o.code === med.code)) continue;
    steps.push({
      session: first,
      on: asOf,
      code: `prescribed_${med.code}`,
      text: `${rule.label}: your first session can be ${plural(days, "day")} after your last dose. Do not stop or change it on our advice: any change is for the doctor who prescribed it.`,
    });
    explanation.push({
      rule: "prep.prescribed_medication",
      path,
      detail: `ongoing ${med.code} is prescribed: no stop step; a session ${days} days after the last dose`,
    });
  }

  const { exfoliateDaysBefore, noExfoliationDaysBefore, avoidSunDaysBefore, antiviralDaysBefore } =
    protocol.prep;
  // An acid user's skin is not exfoliated inside an acid pause (nor, for one who already
  // stopped, inside the washout before a session), and otherwise only gently, without acids.
  const acid = intake.medications.find((m) => m.code === "exfoliating_acid");
  const acidWashout = acid
    ? (washoutOf("medications", acid.code, protocol.medications[acid.code], addOns).days ?? 0)
    : 0;
  const acidResume = protocol.skinTopicals.exfoliating_acid?.resumeDays ?? 0;
  const inAcidPause = (day: string) =>
    pauses.some((p) => p.code === "exfoliating_acid" && day >= p.from && day <= p.until) ||
    (acid !== undefined &&
      sessionDays.some((s) => day >= addDays(s, -acidWashout) && day <= addDays(s, acidResume)));
  const healed = healedDays(protocol);
  let exfoliations = 0;
  sessionDays.forEach((sessionOn, i) => {
    const session = first + i;
    const previous = sessionDays[i - 1];
    const exfoliationDays = [...new Set(exfoliateDaysBefore)]
      .filter((d) => d > noExfoliationDaysBefore)
      .map((d) => addDays(sessionOn, -d))
      .filter((day) => day >= asOf)
      // Not on skin still healing from the previous session.
      .filter((day) => previous === undefined || day > addDays(previous, healed))
      .filter((day) => !inAcidPause(day));
    for (const on of exfoliationDays) {
      exfoliations++;
      steps.push(
        acid
          ? {
              session,
              on,
              code: "exfoliate_gently",
              text: "Exfoliate gently today with a soft washcloth or a mild non-acid scrub, no acids or peels.",
            }
          : {
              session,
              on,
              code: "exfoliate",
              text: "Exfoliate thoroughly today to shed dead skin before your session.",
            },
      );
    }
    steps.push({
      session,
      on: notBeforeToday(addDays(sessionOn, -noExfoliationDaysBefore)),
      code: "no_exfoliation",
      text: `No more exfoliating from today until your session on ${sessionOn}.`,
    });
    steps.push({
      session,
      on: notBeforeToday(addDays(sessionOn, -avoidSunDaysBefore)),
      code: "avoid_sun",
      text: `Avoid sun tanning and self-tanner until your session on ${sessionOn}; wear sunscreen outdoors.`,
    });
    if (intake.conditions.includes("cold_sore_history")) {
      steps.push({
        session,
        on: notBeforeToday(addDays(sessionOn, -antiviralDaysBefore)),
        code: "antiviral_prophylaxis",
        text: `Start the antiviral your provider prescribed, to prevent a cold-sore outbreak after your session on ${sessionOn}.`,
      });
    }
  });
  explanation.push({
    rule: "prep.exfoliate",
    path: acid ? "medications.exfoliating_acid.days" : "prep.exfoliateDaysBefore",
    detail: `exfoliate ${plural(exfoliations, "time")} in the weeks before the sessions${acid ? ", gently and never inside an acid pause" : ""}, not within ${healed} days after a session`,
  });
  explanation.push({
    rule: "prep.no_exfoliation",
    path: "prep.noExfoliationDaysBefore",
    detail: `no exfoliation from ${plural(noExfoliationDaysBefore, "day")} before each session`,
  });
  explanation.push({
    rule: "prep.avoid_sun",
    path: "prep.avoidSunDaysBefore",
    detail: `avoid sun from ${avoidSunDaysBefore} days before each session`,
  });
  if (intake.conditions.includes("cold_sore_history")) {
    explanation.push({
      rule: "prep.antiviral_prophylaxis",
      path: "prep.antiviralDaysBefore",
      detail: `cold-sore history: antiviral from ${antiviralDaysBefore} days before each session`,
    });
  }

  const pendingReview = q.reasons.filter((r) => r.effect === "review" && r.override === null);
  if (pendingReview.length > 0) {
    const labels = pendingReview.map((r) => labelOf(protocol, r.code).toLowerCase());
    steps.push({
      session: first,
      on: asOf,
      code: "medication_review",
      text: `A provider reviews your medications and conditions before your session (${labels.join("; ")}).`,
    });
    explanation.push({
      rule: "prep.medication_review",
      path: `conditions`,
      detail: `needs a provider: ${pendingReview.map((r) => r.code).join(", ")}`,
    });
  }

  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.session - b.session));
  return { steps, explanation };
}

/** What a patient reads for a reason's code: the protocol's label, the code only as a last resort. */
function labelOf(protocol: Protocol, code: string): string {
  const sections = [protocol.conditions, protocol.medications, protocol.procedures] as Record<
    string,
    { label: string } | undefined
  >[];
  for (const section of sections) {
    const rule = section[code];
    if (rule) return rule.label;
  }
  return code.replaceAll("_", " ");
}
