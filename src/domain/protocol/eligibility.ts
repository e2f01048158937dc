import { addDays, laterDay } from "../time/calendar.js";
import {
  type AddOn,
  ANTIVIRAL_LEAD_TIME,
  CONDITIONS,
  type ConditionCode,
  TOO_SOON_AFTER_PREVIOUS_SESSION,
} from "./codes.js";
import type { ExplanationEntry } from "./explanation.js";
import type { Intake, Override } from "./intake.js";
import { minSessionGap } from "./interval.js";
import { plural } from "./plural.js";
import type { Protocol } from "./protocol.schema.js";
import { pickRfVariant } from "./rf-variant.js";

/**
 * `block`: a hard contraindication, no session at all; `wait`: a washout or the series
 * interval, allowed from `until`; `review`: allowed once a provider signs off.
 */
export type ReasonEffect = "block" | "wait" | "review";

export interface EligibilityReason {
  code: string;
  kind: "washout" | "contraindication" | "interval" | "prep";
  effect: ReasonEffect;
  /** First allowed day for a wait; null for blocks and reviews. */
  until: string | null;
  detail: string;
  /** Set when a provider accepted this reason; it then no longer counts. */
  override: { by: string; reason: string } | null;
}

/**
 * `wait`: only time-bound reasons stand (washouts, the series interval); the plan's
 * `earliestStartOn` is the first allowed day. `blocked`: a hard contraindication stands.
 */
export type EligibilityStatus = "eligible" | "wait" | "needs_review" | "blocked";

export interface Eligibility {
  status: EligibilityStatus;
  reasons: EligibilityReason[];
}

export interface EligibilityQuery {
  protocol: Protocol;
  intake: Intake;
  /** Today, in the zone the days are named in. An ongoing medication can stop today at the earliest. */
  asOf: string;
  /** The day of the session being judged. */
  on: string;
  addOns: readonly AddOn[];
  overrides: readonly Override[];
  /** The last session before `on`, if any. */
  previousSessionOn?: string | undefined;
}

/** A restriction independent of the day judged: waits carry their first allowed day. */
interface Restriction {
  code: string;
  kind: EligibilityReason["kind"];
  effect: ReasonEffect;
  firstAllowedOn: string | null;
  detail: string;
  path: string;
}

/** A washout's length for these add-ons, and the protocol path it comes from. */
export function washoutOf(
  section: "medications" | "procedures",
  code: string,
  rule: { days: number | null; rfDays?: number | undefined },
  addOns: readonly AddOn[],
): { days: number | null; path: string } {
  const { value, usesRf } = pickRfVariant(addOns, rule.days, rule.rfDays);
  return { days: value, path: `${section}.${code}.${usesRf ? "rfDays" : "days"}` };
}

function isCondition(code: string): code is ConditionCode {
  return (CONDITIONS as readonly string[]).includes(code);
}

/**
 * Why a provider may not accept `code` under this protocol, or null when they may. What the
 * protocol says blocks can never be accepted; what it says needs review can, as can washouts
 * and the series interval. The protocol decides, so a clinic that makes a condition
 * reviewable makes it overridable too.
 */
export function overrideRefusal(protocol: Protocol, code: string): string | null {
  // A condition that blocks only an add-on and needs review otherwise may be accepted for the
  // sessions without it; with the add-on it still blocks (blocks are never overridden).
  if (
    isCondition(code) &&
    protocol.conditions[code].severity === "hard_block" &&
    protocol.conditions[code].withoutAddOn === undefined
  ) {
    return `"${code}" is a hard block and can never be overridden`;
  }
  return null;
}

/** Everything in the intake that restricts sessions, whichever day is asked about. */
function restrictionsOf(q: EligibilityQuery): Restriction[] {
  const { protocol, intake, asOf, addOns, overrides } = q;
  const out: Restriction[] = [];

  for (const med of intake.medications) {
    const rule = protocol.medications[med.code];
    if (rule.needsReview) {
      out.push({
        code: med.code,
        kind: "contraindication",
        effect: "review",
        firstAllowedOn: null,
        detail: `${rule.label}: a provider must review before any session; do not stop it on our advice`,
        path: `medications.${med.code}.needsReview`,
      });
    }
    const { days, path } = washoutOf("medications", med.code, rule, addOns);
    if (days === null || days === 0) continue;
    // An ongoing medication can be stopped today at the earliest.
    const lastDose = med.ongoing ? asOf : med.lastTakenOn;
    out.push({
      code: med.code,
      kind: "washout",
      effect: "wait",
      firstAllowedOn: addDays(lastDose, days),
      detail: med.ongoing
        ? protocol.skinTopicals[med.code] !== undefined
          ? `${rule.label}: pause at least ${plural(days, "day")} before a session`
          : `${rule.label}: a session at least ${plural(days, "day")} after the last dose; any change is for the prescriber`
        : `${rule.label}: last taken ${lastDose}; ${plural(days, "day")} must pass before a session`,
      path,
    });
  }

  for (const procedure of intake.recentProcedures) {
    const rule = protocol.procedures[procedure.code];
    const { days, path } = washoutOf("procedures", procedure.code, rule, addOns);
    if (days === null || days === 0) continue;
    out.push({
      code: procedure.code,
      kind: "washout",
      effect: "wait",
      firstAllowedOn: addDays(procedure.on, days),
      detail: `${rule.label} on ${procedure.on}: ${plural(days, "day")} must pass before a session`,
      path,
    });
  }

  for (const condition of intake.conditions) {
    const rule = protocol.conditions[condition];
    if (rule.appliesTo !== "all" && !addOns.includes(rule.appliesTo)) {
      if (rule.withoutAddOn === "needs_review") {
        out.push({
          code: condition,
          kind: "contraindication",
          effect: "review",
          firstAllowedOn: null,
          detail: `${rule.label}: a provider must sign off (without ${rule.appliesTo.toUpperCase()})`,
          path: `conditions.${condition}.withoutAddOn`,
        });
      }
      continue;
    }
    const only = rule.appliesTo === "all" ? "" : ` (with ${rule.appliesTo.toUpperCase()})`;
    out.push({
      code: condition,
      kind: "contraindication",
      effect: rule.severity === "hard_block" ? "block" : "review",
      firstAllowedOn: null,
      detail:
        rule.severity === "hard_block"
          ? `${rule.label}: no microneedling${only}${rule.temporary ? "; reassess when resolved" : ""}`
          : `${rule.label}: a provider must sign off${only}`,
      path: `conditions.${condition}.severity`,
    });
  }

  // The antiviral for a cold-sore history is started days before: a session needs that lead time.
  const antiviralDays = protocol.prep.antiviralDaysBefore;
  if (intake.conditions.includes("cold_sore_history") && antiviralDays > 0) {
    out.push({
      code: ANTIVIRAL_LEAD_TIME,
      kind: "prep",
      effect: "wait",
      firstAllowedOn: addDays(asOf, antiviralDays),
      detail: `Antiviral for a history of cold sores: it starts ${plural(antiviralDays, "day")} before a session`,
      path: "prep.antiviralDaysBefore",
    });
  }

  if (q.previousSessionOn !== undefined) {
    const gap = minSessionGap(protocol, overrides);
    out.push({
      code: TOO_SOON_AFTER_PREVIOUS_SESSION,
      kind: "interval",
      effect: "wait",
      firstAllowedOn: addDays(q.previousSessionOn, gap.days),
      detail: `previous session on ${q.previousSessionOn}: sessions at least ${plural(gap.days, "day")} apart${gap.overridden ? " (provider override)" : ""}`,
      path: gap.path,
    });
  }
  return out;
}

function overrideFor(code: string, effect: ReasonEffect, overrides: readonly Override[]) {
  // The interval override shortens the gap instead of waiving it (see restrictionsOf).
  if (effect === "block" || code === TOO_SOON_AFTER_PREVIOUS_SESSION) return null;
  const found = overrides.find((o) => o.code === code);
  return found ? { by: found.by, reason: found.reason } : null;
}

export interface EligibilityAssessment {
  eligibility: Eligibility;
  /** The first day every unaccepted wait allows; null when a hard block stands. */
  earliestOn: string | null;
  explanation: ExplanationEntry[];
}

/** Judges one session day, and finds the first day the waits allow. */
export function assessEligibility(q: EligibilityQuery): EligibilityAssessment {
  const reasons: EligibilityReason[] = [];
  const explanation: ExplanationEntry[] = [];
  let earliestOn: string | null = q.asOf;

  for (const r of restrictionsOf(q)) {
    const override = overrideFor(r.code, r.effect, q.overrides);
    if (r.effect === "block") earliestOn = null;
    if (r.effect === "wait" && override === null && earliestOn !== null && r.firstAllowedOn !== null) {
      earliestOn = laterDay(earliestOn, r.firstAllowedOn);
    }
    const applies = r.effect !== "wait" || (r.firstAllowedOn !== null && q.on < r.firstAllowedOn);
    if (!applies) continue;
    reasons.push({
      code: r.code,
      kind: r.kind,
      effect: r.effect,
      until: r.effect === "wait" ? r.firstAllowedOn : null,
      detail: r.detail,
      override,
    });
    explanation.push({
      rule: `eligibility.${r.kind}`,
      path: r.path,
      detail: `${r.detail}${override ? ` — accepted by ${override.by}: ${override.reason}` : ""}`,
    });
  }

  const live = reasons.filter((r) => r.override === null);
  const status: EligibilityStatus = live.some((r) => r.effect === "block")
    ? "blocked"
    : live.some((r) => r.effect === "review")
      ? "needs_review"
      : live.some((r) => r.effect === "wait")
        ? "wait"
        : "eligible";
  return { eligibility: { status, reasons }, earliestOn, explanation };
}
