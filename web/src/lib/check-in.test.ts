import { describe, expect, it } from "vitest";
import { type CheckInDraft, checkInAnswers, emptyCheckIn, isCheckInDay, NOTE_MAX } from "./check-in";

const filled: CheckInDraft = {
  redness: "1",
  swelling: "mild",
  warmthOrPus: "no",
  fever: "no",
  newBumps: "yes",
  painNotRelievedByAcetaminophen: "no",
  coldSore: "no",
  satisfaction: "8",
  note: "  a little itchy  ",
};

describe("checkInAnswers", () => {
  it("turns a complete form into the answers the server takes", () => {
    expect(checkInAnswers(filled)).toEqual({
      ok: true,
      answers: {
        redness: 1,
        swelling: "mild",
        warmthOrPus: false,
        fever: false,
        newBumps: true,
        painNotRelievedByAcetaminophen: false,
        coldSore: false,
        satisfaction: 8,
        note: "a little itchy",
      },
    });
  });

  it("names every unanswered question; none counts as 'no'", () => {
    const result = checkInAnswers(emptyCheckIn);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(
      [
        "coldSore",
        "fever",
        "newBumps",
        "painNotRelievedByAcetaminophen",
        "redness",
        "satisfaction",
        "swelling",
        "warmthOrPus",
      ].sort(),
    );
  });

  it("keeps answers within the scales", () => {
    const result = checkInAnswers({ ...filled, redness: "4", satisfaction: "11", swelling: "huge" });
    expect(result.ok ? {} : result.errors).toEqual({
      redness: "Choose how red the skin is",
      swelling: "Choose how swollen the skin is",
      satisfaction: "Choose a number from 0 to 10",
    });
  });

  it("accepts the ends of the scales and sends an empty note as null", () => {
    const result = checkInAnswers({ ...filled, redness: "0", satisfaction: "10", note: "   " });
    expect(result.ok && result.answers).toMatchObject({ redness: 0, satisfaction: 10, note: null });
  });

  it("refuses a note longer than the server keeps", () => {
    const result = checkInAnswers({ ...filled, note: "x".repeat(NOTE_MAX + 1) });
    expect(result.ok ? {} : result.errors).toHaveProperty("note");
  });
});

describe("isCheckInDay", () => {
  it("knows the three check-in days only", () => {
    expect(["3", "14", "60"].every(isCheckInDay)).toBe(true);
    expect(isCheckInDay("7")).toBe(false);
    expect(isCheckInDay(undefined)).toBe(false);
  });
});
