import { addDays, laterDay } from "../time/calendar.js";
import type { AddOn } from "./codes.js";
import { type EligibilityReason, washoutOf } from "./eligibility.js";
import type { ExplanationEntry } from "./explanation.js";
import type { Intake, Override } from "./intake.js";
import type { Protocol } from "./protocol.schema.js";

export interface PrepStep {
  on: string;
  code: string;
  text: string;
}

export interface PrepQuery {
  protocol: Protocol;
  intake: Intake;
  asOf: string;
  sessionOn: string;
  addOns: readonly AddOn[];
  overrides: readonly Override[];
  reasons: readonly EligibilityReason[];
}

/** Dated steps before one session; recomputed whenever the session moves. */
export function buildPrep(q: PrepQuery): { steps: PrepStep[]; explanation: ExplanationEntry[] } {
  const { protocol, intake, asOf, sessionOn, addOns } = q;
  const steps: PrepStep[] = [];
  const explanation: ExplanationEntry[] = [];
  const notBeforeToday = (day: string) => laterDay(day, asOf);

  for (const med of intake.medications) {
    if (!med.ongoing) continue;
    const rule = protocol.medications[med.code];
    const { days, path } = washoutOf("medications", med.code, rule, addOns);
    if (days === null || days === 0) continue;
    if (q.overrides.some((o) => o.code === med.code)) continue; // the provider gives their own instruction
    // The last day the washout still fits before the session.
    const on = addDays(sessionOn, -days);
    steps.push({
      on,
      code: `stop_${med.code}`,
      text: `${rule.label}: stop today, ${days} days before your session on ${sessionOn}; resume only when your aftercare says so.`,
    });
    explanation.push({
      rule: "prep.stop_medication",
      path,
      detail: `ongoing ${med.code}: stop on ${on}, ${days} days before ${sessionOn}`,
    });
  }

  const { exfoliateDaysBefore, noExfoliationDaysBefore, avoidSunDaysBefore, antiviralDaysBefore } =
    protocol.prep;
  const exfoliationDays = [...new Set(exfoliateDaysBefore)]
    .filter((d) => d > noExfoliationDaysBefore)
    .map((d) => addDays(sessionOn, -d))
    .filter((day) => day >= asOf);
  for (const on of exfoliationDays) {
    steps.push({
      on,
      code: "exfoliate",
      text: "Exfoliate thoroughly today to shed dead skin before your session.",
    });
  }
  explanation.push({
    rule: "prep.exfoliate",
    path: "prep.exfoliateDaysBefore",
    detail: `exfoliate ${exfoliationDays.length} time${exfoliationDays.length === 1 ? "" : "s"} in the weeks before`,
  });

  steps.push({
    on: notBeforeToday(addDays(sessionOn, -noExfoliationDaysBefore)),
    code: "no_exfoliation",
    text: "No more exfoliating from today until your session.",
  });
  explanation.push({
    rule: "prep.no_exfoliation",
    path: "prep.noExfoliationDaysBefore",
    detail: `no exfoliation from ${noExfoliationDaysBefore} day(s) before`,
  });

  steps.push({
    on: notBeforeToday(addDays(sessionOn, -avoidSunDaysBefore)),
    code: "avoid_sun",
    text: "Avoid sun tanning and self-tanner until your session; wear sunscreen outdoors.",
  });
  explanation.push({
    rule: "prep.avoid_sun",
    path: "prep.avoidSunDaysBefore",
    detail: `avoid sun from ${avoidSunDaysBefore} days before`,
  });

  if (intake.conditions.includes("cold_sore_history")) {
    steps.push({
      on: notBeforeToday(addDays(sessionOn, -antiviralDaysBefore)),
      code: "antiviral_prophylaxis",
      text: "Start the antiviral your provider prescribed, to prevent a cold-sore outbreak.",
    });
    explanation.push({
      rule: "prep.antiviral_prophylaxis",
      path: "prep.antiviralDaysBefore",
      detail: `cold-sore history: antiviral from ${antiviralDaysBefore} days before`,
    });
  }

  const pendingReview = q.reasons.filter((r) => r.effect === "review" && r.override === null);
  if (pendingReview.length > 0) {
    steps.push({
      on: asOf,
      code: "medication_review",
      text: `A provider reviews your medications and conditions before your session (${pendingReview.map((r) => r.code).join(", ")}).`,
    });
    explanation.push({
      rule: "prep.medication_review",
      path: `conditions`,
      detail: `needs a provider: ${pendingReview.map((r) => r.code).join(", ")}`,
    });
  }

  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  return { steps, explanation };
}
