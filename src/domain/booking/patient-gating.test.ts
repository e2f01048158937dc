import { describe, expect, it } from "vitest";
import type { Intake } from "../protocol/intake.js";
import { defaultProtocol } from "../protocol/protocol-loader.js";
import { type PatientGatingInput, patientWindow, refusalForSession } from "./patient-gating.js";

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

  it("no intake, no treatment", () => {
    expect(refusalForSession(gating({ intake: null }), "2026-12-04T15:00:00Z")?.code).toBe(
      "needs_provider_review",
    );
  });

  it("sessions stay at least 28 clinic days apart, on both sides", () => {
    const input = gating({ otherSessions: [{ startsAt: "2026-12-10T15:00:00Z" }] });
    expect(refusalForSession(input, "2027-01-06T15:00:00Z")).toMatchObject({
      code: "too_soon_after_previous_session",
      details: { until: "2027-01-07" },
    });
    expect(refusalForSession(input, "2027-01-07T14:00:00Z")).toBeNull();
    expect(refusalForSession(input, "2026-11-13T15:00:00Z")?.code).toBe("too_close_to_next_session");
    expect(refusalForSession(input, "2026-11-12T15:00:00Z")).toBeNull();
    const window = patientWindow(input);
    expect(window.blocked ? [] : window.forbidden).toEqual([
      { startsAt: "2026-11-13T05:00:00Z", endsAt: "2027-01-07T05:00:00Z" },
    ]);
  });

  it("a provider's interval override shortens the gap to 14 days", () => {
    const input = gating({
      otherSessions: [{ startsAt: "2026-12-10T15:00:00Z" }],
      overrides: [{ code: "too_soon_after_previous_session", reason: "wedding", by: "Dr. Ames" }],
    });
    expect(refusalForSession(input, "2026-12-24T15:00:00Z")).toBeNull();
    expect(refusalForSession(input, "2026-12-23T15:00:00Z")?.code).toBe("too_soon_after_previous_session");
  });

  it("counts days across the November DST change in the clinic's zone", () => {
    // 2026-10-08 10:00 EDT; 28 days later is 2026-11-05 (EST).
    const input = gating({ today: "2026-10-01", otherSessions: [{ startsAt: "2026-10-08T14:00:00Z" }] });
    expect(refusalForSession(input, "2026-11-05T05:00:00Z")).toBeNull(); // 00:00 EST
    expect(refusalForSession(input, "2026-11-05T04:59:00Z")?.code).toBe("too_soon_after_previous_session");
  });
});
