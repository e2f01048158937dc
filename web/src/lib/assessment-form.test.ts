import { describe, expect, it } from "vitest";
import { assessmentErrorsToForm, valuesToAssessment } from "./assessment-form";

describe("assessment form", () => {
  it("sends the concerns the provider filled in and skips the empty ones", () => {
    expect(
      valuesToAssessment({
        concerns: [
          { concern: "acne_scars", score: 6, improvement: "" },
          { concern: "fine_lines", score: "", improvement: "" },
          { concern: "large_pores", score: "", improvement: "slight" },
        ],
      }),
    ).toEqual({
      ok: true,
      body: {
        concerns: [
          { concern: "acne_scars", score: 6, improvement: null },
          { concern: "large_pores", score: null, improvement: "slight" },
        ],
      },
      rowOfBody: [0, 2],
    });
  });

  it("refuses an empty assessment and a score out of range", () => {
    expect(valuesToAssessment({ concerns: [{ concern: "acne_scars", score: "", improvement: "" }] })).toEqual(
      {
        ok: false,
        errors: { "concerns.0.score": "Score at least one concern" },
      },
    );
    expect(valuesToAssessment({ concerns: [{ concern: "acne_scars", score: 11, improvement: "" }] })).toEqual(
      {
        ok: false,
        errors: { "concerns.0.score": "A whole number from 0 to 10" },
      },
    );
  });

  it("puts the server's messages on the row they came from", () => {
    expect(
      assessmentErrorsToForm({ "concerns[1].improvement": "no", "concerns[0].concern": "twice" }, [0, 2]),
    ).toEqual({
      "concerns.2.improvement": "no",
      "concerns.0.score": "twice",
    });
  });
});
