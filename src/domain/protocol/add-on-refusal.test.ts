import { describe, expect, it } from "vitest";
import { planFor } from "./test-support.js";

describe("a condition that rules out only an add-on drops the add-on, not the treatment", () => {
  it.each([
    { conditions: ["electronic_implant"], addOns: ["rf"], refused: "rf", kept: [] },
    { conditions: ["metal_implant_in_area"], addOns: ["rf", "prp"], refused: "rf", kept: ["prp"] },
    { conditions: ["platelet_disorder"], addOns: ["prp"], refused: "prp", kept: [] },
  ])("$conditions with $addOns: $refused refused", ({ conditions, addOns, refused, kept }) => {
    const plan = planFor({ conditions, addOns });
    expect(plan.addOnsRefused).toEqual([
      expect.objectContaining({
        code: refused,
        conditions,
        reason: expect.stringMatching(/Plain microneedling/),
      }),
    ]);
    expect(plan.addOnsChosen).toEqual(kept);
    expect(plan.sessions.length).toBeGreaterThan(0);
    expect(plan.earliestStartOn).not.toBeNull();
    expect(plan.eligibility.status).not.toBe("blocked");
  });

  it("RF washouts no longer apply once RF is dropped", () => {
    const plan = planFor({
      conditions: ["electronic_implant"],
      addOns: ["rf"],
      medications: [{ code: "nsaid", lastTakenOn: "2026-11-30" }],
    });
    expect(plan.earliestStartOn).toBe("2026-12-03");
  });
});
