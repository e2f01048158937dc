import { describe, expect, it } from "vitest";
import type { Intake } from "./intake.js";
import {
  bindOverride,
  overrideFactsOf,
  overrideStillHolds,
  removedRestrictions,
  restrictionCodesOf,
} from "./intake-facts.js";
import { defaultProtocol } from "./protocol-loader.js";

const base: Intake = {
  concerns: [{ code: "wrinkles", severity: "moderate" }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};
const withIsotretinoin = (entry: Intake["medications"][number]): Intake => ({
  ...base,
  medications: [entry],
});
const stopped = withIsotretinoin({ code: "isotretinoin", lastTakenOn: "2026-09-01" });
const override = { code: "isotretinoin", reason: "Stopped in September.", by: "Dr. Ames" };

describe("an override's intake facts", () => {
  it.each([
    ["the last dose", stopped, "isotretinoin", "last taken 2026-09-01"],
    ["still taking it", withIsotretinoin({ code: "isotretinoin", ongoing: true }), "isotretinoin", "ongoing"],
    ["not in the intake", base, "isotretinoin", ""],
    [
      "a procedure's day",
      { ...base, recentProcedures: [{ code: "chemical_peel", on: "2026-11-20" }] },
      "chemical_peel",
      "on 2026-11-20",
    ],
    ["a reported condition", { ...base, conditions: ["active_acne"] }, "active_acne", "reported"],
    ["the interval, which rests on no intake fact", stopped, "too_soon_after_previous_session", ""],
  ] as const)("%s", (_, intake, code, facts) => {
    expect(overrideFactsOf(intake as Intake, code)).toBe(facts);
  });

  it("holds while the facts it approved stand, and lapses when they change", () => {
    const bound = bindOverride(override, stopped);
    expect(bound.facts).toBe("last taken 2026-09-01");
    expect(overrideStillHolds(bound, stopped)).toBe(true);
    // Other parts of the intake do not matter.
    expect(overrideStillHolds(bound, { ...stopped, concerns: [{ code: "scars", severity: "mild" }] })).toBe(
      true,
    );
    expect(overrideStillHolds(bound, withIsotretinoin({ code: "isotretinoin", ongoing: true }))).toBe(false);
    expect(
      overrideStillHolds(bound, withIsotretinoin({ code: "isotretinoin", lastTakenOn: "2026-10-01" })),
    ).toBe(false);
    expect(overrideStillHolds(bound, base)).toBe(false);
  });

  it("an override without facts (stored before they were kept) is taken as it stands", () => {
    expect(overrideStillHolds(override, withIsotretinoin({ code: "isotretinoin", ongoing: true }))).toBe(
      true,
    );
  });
});

describe("hard blocks and review reasons an intake change removes", () => {
  it("lists the intake's conditions and review medications, not washouts", () => {
    const intake: Intake = {
      ...base,
      medications: [
        { code: "topical_retinoid", ongoing: true },
        { code: "anticoagulant", ongoing: true },
      ],
      conditions: ["pregnancy", "active_acne"],
    };
    const reviewMeds = defaultProtocol.medications.anticoagulant.needsReview ? ["anticoagulant"] : [];
    expect(restrictionCodesOf(defaultProtocol, intake)).toEqual(
      ["active_acne", ...reviewMeds, "pregnancy"].sort(),
    );
  });

  it.each([
    ["a hard block removed", ["pregnancy"], [], ["pregnancy"]],
    ["a review reason removed", ["active_acne", "pregnancy"], ["pregnancy"], ["active_acne"]],
    ["one added, none removed", [], ["pregnancy"], []],
    ["nothing changed", ["pregnancy"], ["pregnancy"], []],
  ] as const)("%s", (_, before, after, removed) => {
    expect(
      removedRestrictions(
        defaultProtocol,
        { ...base, conditions: [...before] },
        { ...base, conditions: [...after] },
      ),
    ).toEqual(removed);
  });

  it("the first intake removes nothing", () => {
    expect(removedRestrictions(defaultProtocol, null, base)).toEqual([]);
  });
});
