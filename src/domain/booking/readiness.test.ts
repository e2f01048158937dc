import { describe, expect, it } from "vitest";
import type { Intake } from "../protocol/intake.js";
import { defaultProtocol } from "../protocol/protocol-loader.js";
import { judgePatient, type PatientGatingInput } from "./patient-gating.js";
import { byUrgency, sessionProblems } from "./readiness.js";

const PLAIN: Intake = {
  concerns: [{ code: "wrinkles", severity: "moderate" }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};

function judged(overrides: Partial<PatientGatingInput> = {}) {
  return judgePatient({
    protocol: defaultProtocol,
    intake: PLAIN,
    overrides: [],
    addOn: null,
    timeZone: "America/New_York",
    today: "2026-12-01",
    otherSessions: [],
    ...overrides,
  });
}

const FRIDAY = "2026-12-04T15:00:00Z";

describe("readiness of one booked session", () => {
  it.each([
    { name: "nothing in the way", input: {}, accepted: true, codes: [] },
    { name: "no accepted plan", input: {}, accepted: false, codes: ["no_accepted_plan"] },
    { name: "no intake", input: { intake: null }, accepted: true, codes: ["intake_missing"] },
    {
      name: "a reason awaiting review",
      input: { intake: { ...PLAIN, conditions: ["active_acne" as const] } },
      accepted: true,
      codes: ["plan_needs_review"],
    },
    {
      name: "a review and a washout at once",
      input: {
        intake: {
          ...PLAIN,
          conditions: ["active_acne" as const],
          medications: [{ code: "topical_retinoid" as const, ongoing: true as const }],
        },
      },
      accepted: false,
      codes: ["plan_needs_review", "washout_not_finished", "no_accepted_plan"],
    },
    {
      name: "too soon after another session",
      input: { otherSessions: [{ startsAt: "2026-12-02T15:00:00Z" }] },
      accepted: true,
      codes: ["too_soon_after_previous_session"],
    },
  ])("$name", ({ input, accepted, codes }) => {
    const problems = sessionProblems({ startsAt: FRIDAY, gating: judged(input), hasAcceptedPlan: accepted });
    expect(problems.map((p) => p.code)).toEqual(codes);
  });

  it("a washout names its first allowed day; a consultation has no protocol problems", () => {
    const retinoid = judged({
      intake: { ...PLAIN, medications: [{ code: "topical_retinoid", ongoing: true }] },
    });
    expect(sessionProblems({ startsAt: FRIDAY, gating: retinoid, hasAcceptedPlan: true })).toEqual([
      expect.objectContaining({
        code: "washout_not_finished",
        until: "2026-12-08",
        reasons: ["topical_retinoid"],
      }),
    ]);
    expect(sessionProblems({ startsAt: FRIDAY, gating: null, hasAcceptedPlan: false })).toEqual([]);
  });

  it("orders bookings with a problem first, each group soonest first", () => {
    const item = (bookingId: string, startsAt: string, problems: string[]) => ({
      bookingId,
      startsAt,
      problems,
    });
    const items = [
      item("fine-early", "2026-12-02T15:00:00Z", []),
      item("late-problem", "2026-12-09T15:00:00Z", ["intake_missing"]),
      item("fine-late", "2026-12-03T15:00:00Z", []),
      item("early-problem", "2026-12-04T15:00:00Z", ["no_accepted_plan"]),
    ];
    expect(items.sort(byUrgency).map((i) => i.bookingId)).toEqual([
      "early-problem",
      "late-problem",
      "fine-early",
      "fine-late",
    ]);
  });
});
