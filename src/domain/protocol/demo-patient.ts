import type { PlanInput } from "./plan-input.schema.js";

/** A patient for the demo: acne scars, an ongoing retinoid, recent botox, a cold-sore history. */
export function demoPlanInput(asOf: string): PlanInput {
  return {
    asOf,
    timeZone: "America/New_York",
    concerns: [
      { code: "acne_scars", severity: "moderate" },
      { code: "uneven_skin_tone", severity: "mild" },
    ],
    medications: [{ code: "topical_retinoid", ongoing: true }],
    recentProcedures: [],
    conditions: ["cold_sore_history"],
    addOns: ["prp"],
    overrides: [],
  };
}
