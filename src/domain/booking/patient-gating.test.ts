import { describe, expect, it } from "vitest";
import { TOO_SOON_AFTER_PREVIOUS_SESSION } from "../protocol/codes.js";
import type { Intake } from "../protocol/intake.js";
import { defaultProtocol } from "../protocol/protocol-loader.js";
import { addDays } from "../time/calendar.js";
import {
  judgePatient,
  type PatientGatingInput,
  refusalForSession as refusalOfJudgement,
  patientWindow as windowOfJudgement,
} from "./patient-gating.js";

/** Each question judges the patient afresh, as one request would. */
const refusalForSession = (input: PatientGatingInput, startsAt: string) =>
  refusalOfJudgement(judgePatient(input), startsAt);
const patientWindow = (input: PatientGatingInput) => windowOfJudgement(judgePatient(input));
const { minDays, overrideMinDays } = defaultProtocol.interval;

const ZONE = "America/New_York";
const baseIntake: Intake = {
  concerns: [{ code: "wrinkles", severity: "moderate" }],
  medications: [],
  recentProcedures: [],
  conditions: [],
};

function gating(overrides: Partial<PatientGatingInput> = {}): PatientGatingInput {
  return {
    protocol: defaultProtocol,
    intake: baseIntake,
    overrides: [],
    addOn: null,
    timeZone: ZONE,
    today: "2026-12-01",
    otherSessions: [],
    ...overrides,
  };
}

describe("patient gating for one session", () => {
  it("a washout refuses until its first allowed day, counted on the clinic's calendar", () => {
    const input = gating({
      intake: { ...baseIntake, medications: [{ code: "topical_retinoid", ongoing: true }] },
    });
    // 2026-12-08 00:30 in New York is 05:30Z: the first allowed day.
    expect(refusalForSession(input, "2026-12-08T05:30:00Z")).toBeNull();
    // 2026-12-08 03:00Z is still 7 December in New York.
    expect(refusalForSession(input, "2026-12-08T03:00:00Z")).toMatchObject({
      code: "washout_not_finished",
      details: { until: "2026-12-08" },
    });
    const window = patientWindow(input);
    expect(window).toEqual({
      blocked: false,
      forbidden: [{ startsAt: "0001-01-01T00:00:00Z", endsAt: "2026-12-08T05:00:00Z" }],
    });
  });

  it("the add-on's own washouts and blocks apply", () => {
    const nsaid = gating({
      intake: { ...baseIntake, medications: [{ code: "nsaid", lastTakenOn: "2026-11-30" }] },
    });
    expect(refusalForSession(nsaid, "2026-12-04T15:00:00Z")).toBeNull();
    expect(refusalForSession({ ...nsaid, addOn: "rf" }, "2026-12-04T15:00:00Z")?.code).toBe(
      "washout_not_finished",
    );
    const implant = gating({ intake: { ...baseIntake, conditions: ["electronic_implant"] } });
    expect(refusalForSession(implant, "2026-12-04T15:00:00Z")).toBeNull();
    expect(refusalForSession({ ...implant, addOn: "rf" }, "2026-12-04T15:00:00Z")?.code).toBe(
      "contraindicated",
    );
    expect(patientWindow({ ...implant, addOn: "rf" }).blocked).toBe(true);
  });

  it("needs-review conditions refuse until a provider's override is on the plan", () => {
    const acne = gating({ intake: { ...baseIntake, conditions: ["active_acne"] } });
    expect(refusalForSession(acne, "2026-12-04T15:00:00Z")?.code).toBe("needs_provider_review");
    const signed = { ...acne, overrides: [{ code: "active_acne", reason: "mild", by: "Dr. Ames" }] };
    expect(refusalForSession(signed, "2026-12-04T15:00:00Z")).toBeNull();
  });

  it("no intake, no treatment: refused with its own code", () => {
    expect(refusalForSession(gating({ intake: null }), "2026-12-04T15:00:00Z")?.code).toBe("intake_missing");
  });

  it("sessions stay at least the protocol's minimum clinic days apart, on both sides", () => {
    const other = "2026-12-10";
    const input = gating({ otherSessions: [{ startsAt: `${other}T15:00:00Z` }] });
    const firstAllowed = addDays(other, minDays);
    const lastBefore = addDays(other, -minDays);
    expect(refusalForSession(input, `${addDays(firstAllowed, -1)}T15:00:00Z`)).toMatchObject({
      code: TOO_SOON_AFTER_PREVIOUS_SESSION,
      details: { until: firstAllowed },
    });
    expect(refusalForSession(input, `${firstAllowed}T14:00:00Z`)).toBeNull();
    expect(refusalForSession(input, `${addDays(lastBefore, 1)}T15:00:00Z`)?.code).toBe(
      "too_close_to_next_session",
    );
    expect(refusalForSession(input, `${lastBefore}T15:00:00Z`)).toBeNull();
    const window = patientWindow(input);
    expect(window.blocked ? [] : window.forbidden).toEqual([
      { startsAt: `${addDays(lastBefore, 1)}T05:00:00Z`, endsAt: `${firstAllowed}T05:00:00Z` },
    ]);
  });

  it("a provider's interval override shortens the gap to the protocol's override minimum", () => {
    const other = "2026-12-10";
    const input = gating({
      otherSessions: [{ startsAt: `${other}T15:00:00Z` }],
      overrides: [{ code: TOO_SOON_AFTER_PREVIOUS_SESSION, reason: "wedding", by: "Dr. Ames" }],
    });
    const firstAllowed = addDays(other, overrideMinDays);
    expect(refusalForSession(input, `${firstAllowed}T15:00:00Z`)).toBeNull();
    expect(refusalForSession(input, `${addDays(firstAllowed, -1)}T15:00:00Z`)?.code).toBe(
      TOO_SOON_AFTER_PREVIOUS_SESSION,
    );
  });

  it("counts days across the November DST change in the clinic's zone", () => {
    // 2026-10-08 10:00 EDT; the first allowed day falls after the change, in EST (UTC-5).
    const firstAllowed = addDays("2026-10-08", minDays);
    expect(firstAllowed > "2026-11-01").toBe(true);
    const input = gating({ today: "2026-10-01", otherSessions: [{ startsAt: "2026-10-08T14:00:00Z" }] });
    expect(refusalForSession(input, `${firstAllowed}T05:00:00Z`)).toBeNull(); // 00:00 EST
    expect(refusalForSession(input, `${firstAllowed}T04:59:00Z`)?.code).toBe(TOO_SOON_AFTER_PREVIOUS_SESSION);
  });

  it("an override whose intake facts changed lapses: the plan needs a provider's review again", () => {
    const stopped: Intake = {
      ...baseIntake,
      medications: [{ code: "isotretinoin", lastTakenOn: "2026-09-01" }],
    };
    const override = {
      code: "isotretinoin",
      reason: "Stopped in September.",
      by: "Dr. Ames",
      facts: "last taken 2026-09-01",
    };
    expect(
      refusalForSession(gating({ intake: stopped, overrides: [override] }), "2026-12-07T15:00:00Z"),
    ).toBeNull();
    const ongoing: Intake = { ...baseIntake, medications: [{ code: "isotretinoin", ongoing: true }] };
    expect(
      refusalForSession(gating({ intake: ongoing, overrides: [override] }), "2026-12-07T15:00:00Z"),
    ).toMatchObject({
      code: "needs_provider_review",
      details: { reasons: ["isotretinoin"], lapsedOverrides: ["isotretinoin"] },
    });
    // Once the washout the new facts imply is over, the lapsed acceptance no longer matters.
    const longAgo: Intake = {
      ...baseIntake,
      medications: [{ code: "isotretinoin", lastTakenOn: "2026-01-02" }],
    };
    expect(
      refusalForSession(gating({ intake: longAgo, overrides: [override] }), "2026-12-07T15:00:00Z"),
    ).toBeNull();
  });

  it("removed hard blocks awaiting a provider's confirmation refuse every session, saying which", () => {
    const input = gating({ unconfirmedRemovals: ["pregnancy"] });
    const refusal = refusalForSession(input, "2026-12-07T15:00:00Z");
    expect(refusal).toMatchObject({
      code: "needs_provider_review",
      details: { reasons: ["intake_change_unconfirmed"], removed: ["pregnancy"] },
    });
    expect(refusal?.message).toContain("pregnancy");
    expect(patientWindow(input)).toMatchObject({ blocked: true });
    // A hard block still standing is the more serious answer.
    const blocked = gating({
      intake: { ...baseIntake, conditions: ["sunburn"] },
      unconfirmedRemovals: ["pregnancy"],
    });
    expect(refusalForSession(blocked, "2026-12-07T15:00:00Z")?.code).toBe("contraindicated");
  });
});
