import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "../time/calendar.js";
import { formatPlanText } from "./plan-text.js";
import { defaultProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

const MIN_GAP = defaultProtocol.interval.minDays;
const EVERY = defaultProtocol.maintenance.everyMonths;

describe("continuing patients: completedSessions with previousSessionOn", () => {
  it.each([
    { completedSessions: 1, numbers: [2, 3] },
    { completedSessions: 2, numbers: [3] },
  ])("$completedSessions of 3 done → sessions $numbers", ({ completedSessions, numbers }) => {
    const plan = planFor({ completedSessions, previousSessionOn: "2026-11-20" });
    expect(plan.kind).toBe("series");
    expect(plan.seriesLength).toBe(3);
    expect(plan.sessions.map((s) => s.number)).toEqual(numbers);
    expect(plan.sessions[0]?.targetOn).toBe(addDays("2026-11-20", MIN_GAP));
    expect(plan.prep.every((p) => numbers.includes(p.session))).toBe(true);
    expect(formatPlanText(plan)).toContain(`Session ${numbers[0]} of 3`);
  });

  it("the next session keeps its window after the previous one", () => {
    const plan = planFor({ completedSessions: 1, previousSessionOn: "2026-11-20" });
    expect(plan.sessions[0]?.latestOn).toBe(addDays("2026-11-20", defaultProtocol.interval.targetMaxDays));
  });

  it("a complete series with maintenance due gets one maintenance visit", () => {
    const previous = addMonths("2026-12-01", -EVERY);
    const plan = planFor({ completedSessions: 3, previousSessionOn: previous });
    expect(plan.kind).toBe("maintenance");
    expect(plan.sessions).toHaveLength(1);
    expect(plan.sessions[0]?.targetOn).toBe("2026-12-01");
    expect(formatPlanText(plan)).toMatch(/Maintenance visit {2}2026-12-01/);
  });

  it("a complete series with maintenance not yet due plans the visit when it falls due", () => {
    const plan = planFor({ completedSessions: 3, previousSessionOn: "2026-10-01" });
    expect(plan.kind).toBe("maintenance");
    expect(plan.sessions.map((s) => s.targetOn)).toEqual([addMonths("2026-10-01", EVERY)]);
  });

  it("completedSessions needs previousSessionOn", () => {
    expect(() => planFor({ completedSessions: 1 })).toThrow(/previousSessionOn/);
  });
});
