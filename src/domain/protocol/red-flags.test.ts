import { describe, expect, it } from "vitest";
import { formatPlanText } from "./plan-text.js";
import { defaultProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

const { rednessWorseAfterHours, rednessMaxDays, rfRednessMaxDays } = defaultProtocol.redFlags;

describe("red flags: signs after a session for which the patient calls the clinic", () => {
  it.each([
    { addOns: [], code: "redness_worsening", afterHours: rednessWorseAfterHours },
    { addOns: [], code: "redness_lasting", afterHours: rednessMaxDays * 24 },
    { addOns: ["rf"], code: "redness_lasting", afterHours: rfRednessMaxDays * 24 },
    { addOns: [], code: "infection_signs", afterHours: 0 },
    { addOns: [], code: "pain_not_relieved", afterHours: 0 },
    { addOns: [], code: "cold_sore_outbreak", afterHours: 0 },
    { addOns: [], code: "itchy_bumps", afterHours: 72 },
  ])("$code applies from $afterHours h (add-ons $addOns)", ({ addOns, code, afterHours }) => {
    const plan = planFor({ addOns });
    expect(plan.redFlags).toContainEqual(expect.objectContaining({ code, afterHours }));
  });

  it("are read from the protocol: a clinic's own sign shows in the plan", () => {
    const protocol = {
      ...defaultProtocol,
      redFlags: {
        ...defaultProtocol.redFlags,
        signs: [{ code: "blistering", text: "Blisters.", afterHours: 0 }],
      },
    };
    expect(planFor({}, protocol).redFlags).toEqual([
      { code: "blistering", text: "Blisters.", afterHours: 0 },
    ]);
  });

  it("the text tells the patient to call the clinic for them", () => {
    const text = formatPlanText(planFor({}));
    expect(text).toMatch(/Call the clinic/);
    expect(text).toContain("Warmth, pus or fever.");
    expect(text).toContain("Redness that has not faded (7 days or more after the session)");
  });
});
