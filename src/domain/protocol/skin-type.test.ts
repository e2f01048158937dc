import { describe, expect, it } from "vitest";
import { SKIN_TYPE_PIH_RISK } from "./codes.js";
import { defaultProtocol } from "./protocol-loader.js";
import { skinTypeRuleOf } from "./skin-type.js";
import { planFor } from "./test-support.js";

const rule = skinTypeRuleOf(defaultProtocol);
const review = { code: SKIN_TYPE_PIH_RISK, reason: "Test spot healed without marks.", by: "Dr. Provider" };

describe("skin type", () => {
  it.each([
    // skinType, addOns, needleDepthMm, status, pihRisk
    ["I", ["rf"], 2, "eligible", false],
    ["III", ["rf"], undefined, "eligible", false],
    ["IV", [], undefined, "eligible", true],
    ["IV", ["rf"], undefined, "needs_review", true],
    ["V", [], 2, "needs_review", true],
    ["VI", [], rule.reviewAboveDepthMm, "eligible", true],
    ["VI", ["prp"], undefined, "eligible", true],
  ] as const)("type %s with %j at %s mm: %s", (skinType, addOns, needleDepthMm, status, pihRisk) => {
    const plan = planFor({
      skinType,
      addOns,
      ...(needleDepthMm !== undefined && { needleDepthMm }),
    });
    expect(plan.eligibility.status).toBe(status);
    expect(plan.skinType?.pihRisk).toBe(pihRisk);
    expect(plan.skinType?.warning !== null).toBe(pihRisk);
    expect(plan.eligibility.reasons.some((r) => r.code === SKIN_TYPE_PIH_RISK)).toBe(
      status === "needs_review",
    );
    expect(plan.aftercare.some((a) => a.code === rule.sunProtection.code)).toBe(pihRisk);
  });

  it("strengthens the sun advice beyond the default 14 days", () => {
    const plan = planFor({ skinType: "V" });
    const strict = plan.aftercare.find((a) => a.code === rule.sunProtection.code);
    const usual = plan.aftercare.find((a) => a.code === "sunscreen_every_2h_outdoors");
    expect(strict?.toHours).toBe(rule.sunProtection.toHours);
    expect(strict?.toHours ?? 0).toBeGreaterThan(usual?.toHours ?? 0);
  });

  it("is a review reason a provider can accept", () => {
    const plan = planFor({ skinType: "IV", addOns: ["rf"], overrides: [review] });
    expect(plan.eligibility.status).toBe("eligible");
    const reason = plan.eligibility.reasons.find((r) => r.code === SKIN_TYPE_PIH_RISK);
    expect(reason?.override).toEqual({ by: review.by, reason: review.reason });
    expect(plan.overrides[0]?.applied).toBe(true);
  });

  it("never lifts a stronger status", () => {
    const plan = planFor({ skinType: "IV", addOns: ["rf"], conditions: ["pregnancy"] });
    expect(plan.eligibility.status).toBe("blocked");
  });

  it("gives no advice without a skin type", () => {
    expect(planFor().skinType).toBeNull();
  });

  it("refuses an unknown type with its name", () => {
    expect(() => planFor({ skinType: "VII" })).toThrow(/skinType.*unknown Fitzpatrick skin type "VII"/s);
  });
});
