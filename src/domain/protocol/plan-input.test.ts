import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { planFor } from "./test-support.js";

function problemsOf(overrides: Record<string, unknown>): string[] {
  try {
    planFor(overrides);
  } catch (error) {
    if (error instanceof DomainError && error.code === "invalid_input") {
      return (error.details.fields ?? []).map((f) => `${f.path}: ${f.message}`);
    }
    throw error;
  }
  throw new Error("expected the input to be refused");
}

describe("bad plan input names the field", () => {
  it.each([
    [
      { concerns: [{ code: "acne_scar", severity: "moderate" }] },
      'concerns[0].code: unknown concern "acne_scar" (did you mean "acne_scars"?)',
    ],
    [
      { concerns: [{ code: "acne_scars", severity: "medium" }] },
      'concerns[0].severity: unknown severity "medium"',
    ],
    [{ concerns: [] }, "concerns: name at least one concern"],
    [{ concerns: undefined }, "concerns: is required"],
    [{ asOf: "2026-02-30" }, 'asOf: "2026-02-30" is not a valid date (YYYY-MM-DD)'],
    [{ asOf: "12/01/2026" }, 'asOf: "12/01/2026" is not a valid date (YYYY-MM-DD)'],
    [
      { timeZone: "Mars/Olympus" },
      'timeZone: unknown time zone "Mars/Olympus" (an IANA name such as America/New_York)',
    ],
    [{ timeZone: undefined }, "timeZone: is required"],
    [
      { medications: [{ code: "tretinoin", ongoing: true }] },
      'medications[0].code: unknown medication "tretinoin"',
    ],
    [
      { medications: [{ code: "nsaid", ongoing: true, lastTakenOn: "2026-11-01" }] },
      "medications[0].lastTakenOn: give either ongoing: true or lastTakenOn, not both",
    ],
    [{ medications: [{ code: "nsaid" }] }, "medications[0].lastTakenOn: is required unless ongoing is true"],
    [
      { medications: [{ code: "nsaid", lastTakenOn: "2026-12-05" }] },
      "medications[0].lastTakenOn: is after asOf (2026-12-01)",
    ],
    [
      { recentProcedures: [{ code: "botox", on: "2027-01-01" }] },
      "recentProcedures[0].on: is after asOf (2026-12-01)",
    ],
    [{ conditions: ["pregnant"] }, 'conditions[0]: unknown condition "pregnant" (did you mean "pregnancy"?)'],
    [{ addOns: ["laser"] }, 'addOns[0]: unknown add-on "laser"'],
    [{ desiredStartOn: "2026-11-01" }, "desiredStartOn: must not be before asOf (2026-12-01)"],
    [{ colour: "blue" }, "colour: unknown field"],
    [{ concerns: [{ code: "wrinkles", severity: "mild", area: "face" }] }, "concerns[0].area: unknown field"],
    [{ conditions: ["sunburn", "sunburn"] }, 'conditions[1]: "sunburn" is listed twice'],
    [
      { overrides: [{ code: "pregnancy", reason: "x", by: "y" }] },
      'overrides[0].code: "pregnancy" is a hard block and can never be overridden',
    ],
    [
      { overrides: [{ code: "active_acne", reason: " ", by: "Dr. A" }] },
      "overrides[0].reason: is required: say why",
    ],
  ])("%j → %s", (overrides, expected) => {
    expect(problemsOf(overrides)).toContain(expected);
  });

  it("reports every failing field at once", () => {
    const problems = problemsOf({ asOf: "nope", concerns: [{ code: "x", severity: "mild" }], extra: 1 });
    expect(problems).toHaveLength(3);
  });
});
