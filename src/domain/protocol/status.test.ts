import { describe, expect, it } from "vitest";
import { formatPlanText } from "./plan-text.js";
import { planFor } from "./test-support.js";

describe("eligibility status: eligible | wait | needs_review | blocked", () => {
  it.each([
    { input: {}, status: "eligible" },
    { input: { medications: [{ code: "topical_retinoid", lastTakenOn: "2026-11-30" }] }, status: "wait" },
    { input: { recentProcedures: [{ code: "botox", on: "2026-11-30" }] }, status: "wait" },
    { input: { previousSessionOn: "2026-11-20" }, status: "wait" },
    { input: { conditions: ["active_acne"] }, status: "needs_review" },
    {
      input: { conditions: ["active_acne"], recentProcedures: [{ code: "botox", on: "2026-11-30" }] },
      status: "needs_review",
    },
    { input: { conditions: ["pregnancy"] }, status: "blocked" },
    {
      input: { conditions: ["pregnancy"], recentProcedures: [{ code: "botox", on: "2026-11-30" }] },
      status: "blocked",
    },
  ])("$status for $input", ({ input, status }) => {
    expect(planFor(input).eligibility.status).toBe(status);
  });

  it("a wait gives the first allowed day", () => {
    const plan = planFor({ recentProcedures: [{ code: "botox", on: "2026-11-30" }] });
    expect(plan.eligibility.status).toBe("wait");
    expect(plan.earliestStartOn).toBe("2026-12-14");
  });
});

describe("temporary hard blocks say to reassess when resolved", () => {
  it.each(["pregnancy", "breastfeeding", "sunburn", "active_infection", "active_cold_sore", "open_wound"])(
    "%s",
    (condition) => {
      const plan = planFor({ conditions: [condition] });
      expect(plan.eligibility.reasons[0]?.detail).toMatch(/reassess when resolved/);
    },
  );
  it.each(["skin_cancer_in_area", "bleeding_disorder", "metal_allergy"])("not %s", (condition) => {
    const plan = planFor({ conditions: [condition] });
    expect(plan.eligibility.reasons[0]?.detail).not.toMatch(/reassess/);
  });
});

describe("a plan with no session has no aftercare and no maintenance", () => {
  const plan = planFor({ conditions: ["pregnancy"] });
  it("in the JSON", () => {
    expect(plan.sessions).toEqual([]);
    expect(plan.aftercare).toEqual([]);
    expect(plan.expectations).toEqual([]);
  });
  it("in the text", () => {
    const text = formatPlanText(plan);
    expect(text).not.toMatch(/After each session/);
    expect(text).not.toMatch(/Maintenance/);
  });
});
