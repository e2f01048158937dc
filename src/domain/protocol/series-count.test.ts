import { describe, expect, it } from "vitest";
import { addDays } from "../time/calendar.js";
import { formatPlanText } from "./plan-text.js";
import { defaultProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

describe("series length is protocol data by concern class and severity", () => {
  it.each([
    { code: "enlarged_pores", severity: "mild", sessions: 1 },
    { code: "wrinkles", severity: "moderate", sessions: 3 },
    { code: "wrinkles", severity: "severe", sessions: 3 },
    { code: "hyperpigmentation", severity: "severe", sessions: 3 },
    { code: "scars", severity: "mild", sessions: 3 },
    { code: "acne_scars", severity: "moderate", sessions: 3 },
    { code: "acne_scars", severity: "severe", sessions: 5 },
    { code: "stretch_marks", severity: "severe", sessions: 5 },
  ])("$code ($severity) → $sessions", ({ code, severity, sessions }) => {
    expect(planFor({ concerns: [{ code, severity }] }).sessions).toHaveLength(sessions);
  });

  it("a clinic's own table is followed", () => {
    const protocol = {
      ...defaultProtocol,
      series: {
        ...defaultProtocol.series,
        correctiveSessionsBySeverity: { mild: 2, moderate: 4, severe: 6 },
      },
    };
    expect(planFor({ concerns: [{ code: "scars", severity: "mild" }] }, protocol).sessions).toHaveLength(2);
  });
});

describe("a mild concern's single session comes with a reassessment", () => {
  const days = defaultProtocol.series.singleSessionReassessDays ?? 60;
  it("about 2 months later", () => {
    const plan = planFor({
      desiredStartOn: "2026-12-10",
      concerns: [{ code: "dry_skin", severity: "mild" }],
    });
    expect(plan.sessions).toHaveLength(1);
    expect(plan.reassessOn).toBe(addDays("2026-12-10", days));
    expect(formatPlanText(plan)).toContain(`Reassessment about ${addDays("2026-12-10", days)}`);
  });
  it("not for a longer series", () => {
    expect(planFor({}).reassessOn).toBeNull();
  });
});

describe("RF is suggested for loose skin, wrinkles and severe concerns, not mild lines", () => {
  it.each([
    { code: "loose_skin", severity: "moderate", rf: true },
    { code: "wrinkles", severity: "moderate", rf: true },
    { code: "hyperpigmentation", severity: "severe", rf: true },
    { code: "wrinkles", severity: "mild", rf: false },
    { code: "fine_lines", severity: "mild", rf: false },
    { code: "fine_lines", severity: "moderate", rf: false },
    { code: "crows_feet", severity: "mild", rf: false },
  ])("$code ($severity): RF $rf", ({ code, severity, rf }) => {
    const plan = planFor({ concerns: [{ code, severity }] });
    expect(plan.addOns.some((a) => a.code === "rf")).toBe(rf);
  });
});
