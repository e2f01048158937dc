import { describe, expect, it } from "vitest";
import { formatPlanText } from "./plan-text.js";
import { parseClinicProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

describe("the text format speaks to a patient", () => {
  const plan = planFor({
    desiredStartOn: "2026-12-10",
    concerns: [{ code: "loose_skin", severity: "moderate" }],
    medications: [{ code: "nsaid", ongoing: true }],
    conditions: ["active_acne"],
  });
  const text = formatPlanText(plan);

  it("says when the first session can be", () => {
    expect(text).toContain("First possible session: 2026-12-10");
    expect(text).not.toMatch(/Earliest start/);
  });

  it("uses labels, not codes", () => {
    expect(text).toContain("RF microneedling:");
    expect(text).toContain("(active acne)");
    expect(text).not.toMatch(/\bactive_acne\b|\bRF: /);
  });

  it("says 1 day, never 1 days", () => {
    const protocol = parseClinicProtocol({ version: "one-day", medications: { nsaid: { days: 1 } } });
    const oneDay = formatPlanText(
      planFor({ medications: [{ code: "nsaid", lastTakenOn: "2026-12-01" }] }, protocol),
    );
    expect(oneDay).toContain("1 day must pass");
    expect(oneDay).not.toMatch(/\b1 days\b/);
  });

  it("aligns its columns", () => {
    const lines = text.split("\n");
    const start = lines.indexOf("After each session:") + 1;
    const rows = lines.slice(start, lines.indexOf("", start));
    const textColumn = rows.map((r) => r.search(/[A-Z]/));
    expect(new Set(textColumn).size).toBe(1);
  });

  it("puts final results about 2 months after the last session", () => {
    expect(text).toContain("Final results: about 2 months after your last session.");
  });

  it("gives the clinic's phone for red flags when it is known", () => {
    expect(formatPlanText(plan, { clinicPhone: "+1 212 555 0100" })).toContain(
      "Call the clinic at +1 212 555 0100 right away",
    );
    expect(text).toContain("Call the clinic right away");
  });

  it("a temporary block says to reassess when resolved", () => {
    expect(formatPlanText(planFor({ conditions: ["sunburn"] }))).toContain("reassess when resolved");
  });
});
