import { describe, expect, it } from "vitest";
import { addDays } from "../time/calendar.js";
import { ANTIVIRAL_LEAD_TIME } from "./codes.js";
import { defaultProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

const LEAD = defaultProtocol.prep.antiviralDaysBefore;
const ASOF = "2026-12-01";

describe("the antiviral for a cold-sore history starts before the session", () => {
  it.each([0, 1])("a session %i day(s) away moves to the first day that allows it", (away) => {
    const plan = planFor({ desiredStartOn: addDays(ASOF, away), conditions: ["cold_sore_history"] });
    expect(plan.sessions[0]?.targetOn).toBe(addDays(ASOF, LEAD));
    expect(plan.eligibility.reasons).toContainEqual(
      expect.objectContaining({ code: ANTIVIRAL_LEAD_TIME, effect: "wait", until: addDays(ASOF, LEAD) }),
    );
    const antiviral = plan.prep.find((p) => p.code === "antiviral_prophylaxis" && p.session === 1);
    expect(antiviral?.on).toBe(ASOF);
  });

  it("a session far enough away stays, with no such reason", () => {
    const plan = planFor({ desiredStartOn: addDays(ASOF, LEAD), conditions: ["cold_sore_history"] });
    expect(plan.sessions[0]?.targetOn).toBe(addDays(ASOF, LEAD));
    expect(plan.eligibility.reasons.map((r) => r.code)).not.toContain(ANTIVIRAL_LEAD_TIME);
  });

  it("without a cold-sore history nothing waits", () => {
    expect(planFor({ desiredStartOn: ASOF }).sessions[0]?.targetOn).toBe(ASOF);
  });
});
