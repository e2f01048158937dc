import type { AddOn } from "./codes.js";
import type { ExplanationEntry } from "./explanation.js";
import type { ConcernEntry, Intake } from "./intake.js";
import type { Protocol } from "./protocol.schema.js";

const SEVERITY_RANK = { mild: 0, moderate: 1, severe: 2 } as const;

export interface AddOnRecommendation {
  code: AddOn;
  reason: string;
  rule: string;
}

/** Conditions that would make this add-on a hard block; never recommend what could not be booked. */
function blockingConditions(protocol: Protocol, intake: Intake, addOn: AddOn) {
  return intake.conditions.filter((code) => {
    const rule = protocol.conditions[code];
    return rule.severity === "hard_block" && (rule.appliesTo === "all" || rule.appliesTo === addOn);
  });
}

export function recommendAddOns(
  protocol: Protocol,
  intake: Intake,
): { recommendations: AddOnRecommendation[]; explanation: ExplanationEntry[] } {
  const recommendations: AddOnRecommendation[] = [];
  const explanation: ExplanationEntry[] = [];
  for (const code of ["prp", "rf"] as const) {
    const rule = protocol.addOns[code];
    const from = SEVERITY_RANK[rule.recommendedFromSeverity];
    const byConcern = intake.concerns.filter(
      (c) => rule.recommendedFor.includes(c.code) && SEVERITY_RANK[c.severity] >= from,
    );
    const bySeverity = rule.recommendForSevere
      ? intake.concerns.filter((c: ConcernEntry) => c.severity === "severe" && !byConcern.includes(c))
      : [];
    if (byConcern.length === 0 && bySeverity.length === 0) continue;
    const path = byConcern.length > 0 ? `addOns.${code}.recommendedFor` : `addOns.${code}.recommendForSevere`;
    const blockers = blockingConditions(protocol, intake, code);
    if (blockers.length > 0) {
      explanation.push({
        rule: "addOns.withheld",
        path: `conditions.${blockers[0]}.severity`,
        detail: `${rule.label} would suit this patient but is not recommended: ${blockers.join(", ")}`,
      });
      continue;
    }
    const because = [...byConcern.map((c) => c.code), ...bySeverity.map((c) => `${c.code} (severe)`)].join(
      ", ",
    );
    // The reason is read by patients: concerns by their labels (the explanation keeps the codes).
    const forWhom = [
      ...byConcern.map((c) => protocol.concerns[c.code].label.toLowerCase()),
      ...bySeverity.map((c) => `${protocol.concerns[c.code].label.toLowerCase()} (severe)`),
    ].join(", ");
    recommendations.push({ code, reason: `${rule.reason} For: ${forWhom}.`, rule: path });
    explanation.push({
      rule: "addOns.recommended",
      path,
      detail: `${rule.label} recommended for ${because}`,
    });
  }
  return { recommendations, explanation };
}
