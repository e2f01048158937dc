import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { addDays } from "../time/calendar.js";
import { TOO_SOON_AFTER_PREVIOUS_SESSION } from "./codes.js";
import { overrideRefusal } from "./eligibility.js";
import { defaultProtocol, parseClinicProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

/** The clinic's protocol, not a fixed list, says which reasons a provider may accept. */
describe("overridability comes from the protocol", () => {
  const lenient = parseClinicProtocol({
    version: "sunburn-review-1",
    conditions: { sunburn: { severity: "needs_review" } },
  });
  const strict = parseClinicProtocol({
    version: "acne-block-1",
    conditions: { active_acne: { severity: "hard_block" } },
  });
  const signed = (code: string) => [{ code, reason: "healed, checked in person", by: "Dr. Ames" }];

  it("a condition the clinic makes reviewable is overridable, and the plan becomes eligible", () => {
    expect(planFor({ conditions: ["sunburn"] }, lenient).eligibility.status).toBe("needs_review");
    const plan = planFor({ conditions: ["sunburn"], overrides: signed("sunburn") }, lenient);
    expect(plan.eligibility.status).toBe("eligible");
    expect(plan.sessions.length).toBeGreaterThan(0);
    expect(plan.overrides).toEqual([expect.objectContaining({ code: "sunburn", applied: true })]);
  });

  it("the same condition under the default protocol blocks and refuses the override", () => {
    expect(overrideRefusal(defaultProtocol, "sunburn")).toMatch(/hard block/);
    expect(() => planFor({ conditions: ["sunburn"], overrides: signed("sunburn") })).toThrow(DomainError);
  });

  it("a condition the clinic makes a hard block can no longer be overridden", () => {
    expect(overrideRefusal(defaultProtocol, "active_acne")).toBeNull();
    expect(overrideRefusal(strict, "active_acne")).toMatch(/hard block/);
    try {
      planFor({ conditions: ["active_acne"], overrides: signed("active_acne") }, strict);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: "invalid_input",
        details: { fields: [{ path: "overrides[0].code", message: expect.stringMatching(/hard block/) }] },
      });
    }
  });

  it("washouts and the interval stay overridable", () => {
    expect(overrideRefusal(defaultProtocol, "topical_retinoid")).toBeNull();
    expect(overrideRefusal(defaultProtocol, TOO_SOON_AFTER_PREVIOUS_SESSION)).toBeNull();
  });

  it("an accepted interval override shortens every gap in the plan, not only the first", () => {
    const { minDays, overrideMinDays } = defaultProtocol.interval;
    const plain = planFor({ concerns: [{ code: "acne_scars", severity: "severe" }] });
    const session2 = plain.sessions[1];
    expect(session2?.earliestOn).toBe(addDays(plain.sessions[0]?.targetOn ?? "", minDays));
    const overridden = planFor({
      concerns: [{ code: "acne_scars", severity: "severe" }],
      overrides: signed(TOO_SOON_AFTER_PREVIOUS_SESSION),
    });
    expect(overridden.sessions[1]?.earliestOn).toBe(
      addDays(overridden.sessions[0]?.targetOn ?? "", overrideMinDays),
    );
  });
});
