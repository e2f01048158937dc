import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { DEFAULT_PROTOCOL } from "./default-protocol.js";
import { defaultProtocol, parseClinicProtocol, parseProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError)
      return (error.details.fields ?? []).map((f) => `${f.path}: ${f.message}`);
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("the protocol is data", () => {
  it("the default protocol is valid and versioned", () => {
    expect(parseProtocol(DEFAULT_PROTOCOL).version).toBe(defaultProtocol.version);
  });

  it("a clinic that changes a number changes the plan", () => {
    const clinic = parseClinicProtocol({
      version: "clinic-7",
      interval: { minDays: 35, targetMinDays: 35, targetMaxDays: 49 },
      series: { sessionsBySeverity: { moderate: 4 } },
      medications: { topical_retinoid: { days: 10 } },
    });
    const plan = planFor(
      {
        desiredStartOn: "2026-12-10",
        medications: [{ code: "topical_retinoid", lastTakenOn: "2026-12-01" }],
      },
      clinic,
    );
    expect(plan.protocolVersion).toBe("clinic-7");
    expect(plan.earliestStartOn).toBe("2026-12-11");
    expect(plan.sessions.map((s) => s.targetOn)).toEqual([
      "2026-12-11",
      "2027-01-15",
      "2027-02-19",
      "2027-03-26",
    ]);
    expect(plan.explanation).toContainEqual(
      expect.objectContaining({ path: "series.sessionsBySeverity.moderate" }),
    );
  });

  it("a clinic can turn a relative contraindication into a hard block", () => {
    const clinic = parseClinicProtocol({
      version: "strict-1",
      conditions: { active_acne: { severity: "hard_block" } },
    });
    expect(planFor({ conditions: ["active_acne"] }, clinic).eligibility.status).toBe("blocked");
  });

  it.each([
    {
      patch: { version: "x", interval: { minDays: -1 } },
      path: "interval.minDays",
      says: "must be at least 1",
    },
    {
      patch: { version: "x", interval: { targetMaxDays: 20 } },
      path: "interval.targetMaxDays",
      says: "at least",
    },
    {
      patch: { version: "x", medications: { tretinoin: { days: 7 } } },
      path: "medications.tretinoin",
      says: "unknown field",
    },
    {
      patch: { version: "x", series: { sessionsBySeverity: { mild: "one" } } },
      path: "series.sessionsBySeverity.mild",
      says: "must be a number",
    },
    { patch: { interval: { minDays: 20 } }, path: "version", says: "is required" },
    { patch: [1, 2], path: "", says: "JSON object" },
  ])("an invalid clinic protocol is refused, naming $path", ({ patch, path, says }) => {
    const fields = fieldsOf(() => parseClinicProtocol(patch));
    expect(fields.find((f) => f.startsWith(path === "" ? ": " : `${path}: `))).toContain(says);
  });
});
