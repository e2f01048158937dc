import type { AftercareItem } from "./aftercare.js";
import { type AddOn, SKIN_TYPE_PIH_RISK, SKIN_TYPES, type SkinType } from "./codes.js";
import type { Eligibility, EligibilityReason } from "./eligibility.js";
import type { ExplanationEntry } from "./explanation.js";
import type { Override } from "./intake.js";
import type { Protocol } from "./protocol.schema.js";
import { defaultProtocol } from "./protocol-loader.js";

export interface SkinTypeAdvice {
  skinType: SkinType;
  /** True for the types the protocol counts as at risk of post-inflammatory hyperpigmentation. */
  pihRisk: boolean;
  /** What the patient reads; null when the type carries no extra risk. */
  warning: string | null;
}

export interface SkinTypeQuery {
  protocol: Protocol;
  skinType: SkinType | undefined;
  addOns: readonly AddOn[];
  /** The deepest needling planned, in mm, when known. */
  needleDepthMm: number | undefined;
  overrides: readonly Override[];
}

export interface SkinTypeAssessment {
  advice: SkinTypeAdvice | null;
  /** At most one review reason (`skin_type_pih_risk`), which a provider may accept. */
  reasons: EligibilityReason[];
  /** The stronger sun protection, added to the aftercare of every session. */
  aftercare: AftercareItem[];
  explanation: ExplanationEntry[];
}

/** A version saved before the section existed uses the default protocol's values. */
export function skinTypeRuleOf(protocol: Protocol): NonNullable<Protocol["skinTypes"]> {
  return protocol.skinTypes ?? (defaultProtocol.skinTypes as NonNullable<Protocol["skinTypes"]>);
}

function isAtRisk(skinType: SkinType, fromType: SkinType): boolean {
  return SKIN_TYPES.indexOf(skinType) >= SKIN_TYPES.indexOf(fromType);
}

/**
 * Fitzpatrick types from the protocol's `fromType` up (IV-VI by default): a warning, the stronger
 * sun advice, and a provider's review before RF or needling deeper than the protocol's limit.
 */
export function assessSkinType(q: SkinTypeQuery): SkinTypeAssessment {
  const none: SkinTypeAssessment = { advice: null, reasons: [], aftercare: [], explanation: [] };
  if (q.skinType === undefined) return none;
  const rule = skinTypeRuleOf(q.protocol);
  if (!isAtRisk(q.skinType, rule.fromType)) {
    return { ...none, advice: { skinType: q.skinType, pihRisk: false, warning: null } };
  }
  const explanation: ExplanationEntry[] = [
    {
      rule: "skin_type.pih_risk",
      path: "skinTypes.fromType",
      detail: `skin type ${q.skinType} (from ${rule.fromType} up): warn about hyperpigmentation, stronger sun advice`,
    },
  ];
  const why: string[] = [];
  if (rule.reviewWithRf && q.addOns.includes("rf")) why.push("RF microneedling");
  if (q.needleDepthMm !== undefined && q.needleDepthMm > rule.reviewAboveDepthMm)
    why.push(`needling at ${q.needleDepthMm} mm (above ${rule.reviewAboveDepthMm} mm)`);
  const reasons: EligibilityReason[] = [];
  if (why.length > 0) {
    const found = q.overrides.find((o) => o.code === SKIN_TYPE_PIH_RISK);
    const detail = `Skin type ${q.skinType}: ${why.join(" and ")} risks hyperpigmentation; a provider must sign off`;
    reasons.push({
      code: SKIN_TYPE_PIH_RISK,
      kind: "contraindication",
      effect: "review",
      until: null,
      detail,
      override: found ? { by: found.by, reason: found.reason } : null,
    });
    explanation.push({
      rule: "eligibility.contraindication",
      path: q.addOns.includes("rf") ? "skinTypes.reviewWithRf" : "skinTypes.reviewAboveDepthMm",
      detail: `${detail}${found ? ` — accepted by ${found.by}: ${found.reason}` : ""}`,
    });
  }
  const sun = rule.sunProtection;
  return {
    advice: { skinType: q.skinType, pihRisk: true, warning: rule.warning },
    reasons,
    aftercare: [{ code: sun.code, fromHours: sun.fromHours, toHours: sun.toHours, text: sun.text }],
    explanation,
  };
}

/**
 * The eligibility with more reasons: a live review reason turns an eligible plan into one that
 * needs review; any stronger status (a wait, a block) stands.
 */
export function withReasons(eligibility: Eligibility, extra: readonly EligibilityReason[]): Eligibility {
  if (extra.length === 0) return eligibility;
  const needsReview = extra.some((r) => r.effect === "review" && r.override === null);
  return {
    // A review outranks a wait (a provider must look first), never a block.
    status:
      needsReview && (eligibility.status === "eligible" || eligibility.status === "wait")
        ? "needs_review"
        : eligibility.status,
    reasons: [...eligibility.reasons, ...extra],
  };
}
