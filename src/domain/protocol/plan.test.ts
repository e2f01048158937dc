import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { TOO_SOON_AFTER_PREVIOUS_SESSION } from "./codes.js";
import { buildPlanFromJson } from "./plan.js";
import { defaultProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

const reasonCodes = (plan: ReturnType<typeof planFor>) => plan.eligibility.reasons.map((r) => r.code);

describe("series size (seed: 3-5 initial sessions; one for mild concerns)", () => {
  it.each([
    { concerns: [{ code: "enlarged_pores", severity: "mild" }], sessions: 1 },
    { concerns: [{ code: "dry_skin", severity: "mild" }], sessions: 1 },
    {
      concerns: [
        { code: "dry_skin", severity: "mild" },
        { code: "enlarged_pores", severity: "mild" },
      ],
      sessions: 1,
    },
    { concerns: [{ code: "acne_scars", severity: "mild" }], sessions: 3 },
    { concerns: [{ code: "stretch_marks", severity: "mild" }], sessions: 3 },
    { concerns: [{ code: "wrinkles", severity: "moderate" }], sessions: 3 },
    {
      concerns: [
        { code: "dry_skin", severity: "mild" },
        { code: "wrinkles", severity: "moderate" },
      ],
      sessions: 3,
    },
    { concerns: [{ code: "acne_scars", severity: "severe" }], sessions: 5 },
    {
      concerns: [
        { code: "scars", severity: "moderate" },
        { code: "hyperpigmentation", severity: "severe" },
      ],
      sessions: 3,
    },
  ])("$concerns.0.code … → $sessions", ({ concerns, sessions }) => {
    expect(planFor({ concerns }).sessions).toHaveLength(sessions);
  });
});

describe("interval between sessions (min 28, target 28-42 days)", () => {
  it("spaces sessions 28 days apart with a window up to 42", () => {
    const plan = planFor({ desiredStartOn: "2026-12-10" });
    expect(plan.sessions).toEqual([
      { number: 1, earliestOn: "2026-12-10", targetOn: "2026-12-10", latestOn: null },
      { number: 2, earliestOn: "2027-01-07", targetOn: "2027-01-07", latestOn: "2027-01-21" },
      { number: 3, earliestOn: "2027-02-04", targetOn: "2027-02-04", latestOn: "2027-02-18" },
    ]);
  });

  it("counts from the previous session: 27 days later is too soon, 28 is fine", () => {
    const tooSoon = planFor({ previousSessionOn: "2026-11-12", desiredStartOn: "2026-12-09" });
    expect(tooSoon.eligibility.reasons).toContainEqual(
      expect.objectContaining({
        code: TOO_SOON_AFTER_PREVIOUS_SESSION,
        kind: "interval",
        until: "2026-12-10",
      }),
    );
    expect(tooSoon.sessions[0]?.targetOn).toBe("2026-12-10");
    const fine = planFor({ previousSessionOn: "2026-11-12", desiredStartOn: "2026-12-10" });
    expect(fine.eligibility.status).toBe("eligible");
  });

  it("a provider override shortens the gap to 14 days, not to zero", () => {
    const override = { code: TOO_SOON_AFTER_PREVIOUS_SESSION, reason: "travel", by: "Dr. Ames" };
    const at14 = planFor({
      previousSessionOn: "2026-11-20",
      desiredStartOn: "2026-12-04",
      overrides: [override],
    });
    expect(at14.eligibility.status).toBe("eligible");
    expect(at14.sessions[0]?.targetOn).toBe("2026-12-04");
    const at10 = planFor({
      previousSessionOn: "2026-11-20",
      desiredStartOn: "2026-11-30",
      asOf: "2026-11-25",
      overrides: [override],
    });
    expect(at10.eligibility.reasons[0]).toMatchObject({
      code: TOO_SOON_AFTER_PREVIOUS_SESSION,
      until: "2026-12-04",
    });
  });
});

describe("washouts (days before the session)", () => {
  it.each([
    { med: "topical_retinoid", lastTakenOn: "2026-11-30", until: "2026-12-07" },
    { med: "topical_antibiotic", lastTakenOn: "2026-11-30", until: "2026-12-07" },
    { med: "oral_antibiotic", lastTakenOn: "2026-11-30", until: "2026-12-07" },
    { med: "exfoliating_acid", lastTakenOn: "2026-11-30", until: "2026-12-07" },
    { med: "nsaid", lastTakenOn: "2026-11-30", until: "2026-12-03" },
    { med: "isotretinoin", lastTakenOn: "2026-11-01", until: "2027-04-30" },
  ])("$med last taken $lastTakenOn → first allowed $until", ({ med, lastTakenOn, until }) => {
    const plan = planFor({ medications: [{ code: med, lastTakenOn }] });
    expect(plan.eligibility.status).toBe("wait");
    expect(plan.eligibility.reasons).toEqual([
      expect.objectContaining({ code: med, kind: "washout", until }),
    ]);
    expect(plan.earliestStartOn).toBe(until);
    expect(plan.sessions[0]?.targetOn).toBe(until);
  });

  it.each([
    { code: "chemical_peel", on: "2026-11-30", until: "2026-12-30" },
    { code: "laser_ipl", on: "2026-11-30", until: "2026-12-14" },
    { code: "waxing", on: "2026-11-30", until: "2026-12-07" },
    { code: "tanning", on: "2026-11-30", until: "2026-12-14" },
    { code: "botox", on: "2026-11-30", until: "2026-12-14" },
    { code: "filler", on: "2026-11-30", until: "2026-12-28" },
  ])("$code on $on → first allowed $until", ({ code, on, until }) => {
    const plan = planFor({ recentProcedures: [{ code, on }] });
    expect(plan.earliestStartOn).toBe(until);
  });

  it("RF lengthens the NSAID (7) and filler (90) washouts", () => {
    const nsaid = planFor({ medications: [{ code: "nsaid", lastTakenOn: "2026-11-30" }], addOns: ["rf"] });
    expect(nsaid.earliestStartOn).toBe("2026-12-07");
    const filler = planFor({ recentProcedures: [{ code: "filler", on: "2026-11-30" }], addOns: ["rf"] });
    expect(filler.earliestStartOn).toBe("2027-02-28");
  });

  it("an ongoing medication stops on the last allowed day before the first session", () => {
    const plan = planFor({
      desiredStartOn: "2026-12-20",
      medications: [{ code: "topical_retinoid", ongoing: true }],
    });
    expect(plan.eligibility.status).toBe("eligible");
    expect(plan.prep).toContainEqual(
      expect.objectContaining({ code: "stop_topical_retinoid", on: "2026-12-13" }),
    );
  });

  it("an ongoing medication with too little time pushes the start and the stop day is today", () => {
    const plan = planFor({
      desiredStartOn: "2026-12-03",
      medications: [{ code: "topical_retinoid", ongoing: true }],
    });
    expect(plan.eligibility.reasons[0]).toMatchObject({ code: "topical_retinoid", until: "2026-12-08" });
    expect(plan.sessions[0]?.targetOn).toBe("2026-12-08");
    expect(plan.prep).toContainEqual(
      expect.objectContaining({ code: "stop_topical_retinoid", on: "2026-12-01" }),
    );
  });

  it("a finished washout is no reason at all", () => {
    const plan = planFor({ medications: [{ code: "topical_retinoid", lastTakenOn: "2026-11-24" }] });
    expect(plan.eligibility).toEqual({ status: "eligible", reasons: [] });
  });

  it("anticoagulants are never stopped on our advice: provider review, no stop step", () => {
    const plan = planFor({ medications: [{ code: "anticoagulant", ongoing: true }] });
    expect(plan.eligibility.status).toBe("needs_review");
    expect(plan.prep.map((p) => p.code)).not.toContain("stop_anticoagulant");
    expect(plan.prep.map((p) => p.code)).toContain("medication_review");
  });

  it("a provider may accept the isotretinoin washout; the plan records who and why", () => {
    const override = { code: "isotretinoin", reason: "dermatology clearance", by: "Dr. Ames" };
    const plan = planFor({
      medications: [{ code: "isotretinoin", lastTakenOn: "2026-10-01" }],
      overrides: [override],
    });
    expect(plan.eligibility.status).toBe("eligible");
    expect(plan.eligibility.reasons[0]?.override).toEqual({
      by: "Dr. Ames",
      reason: "dermatology clearance",
    });
    expect(plan.earliestStartOn).toBe("2026-12-01");
    expect(plan.overrides).toEqual([{ ...override, applied: true }]);
  });
});

describe("contraindications", () => {
  it.each([
    "active_infection",
    "open_wound",
    "active_cold_sore",
    "skin_cancer_in_area",
    "bleeding_disorder",
    "metal_allergy",
    "anesthetic_allergy",
    "pregnancy",
    "breastfeeding",
    "sunburn",
  ])("%s is a hard block: no sessions, no earliest start", (condition) => {
    const plan = planFor({ conditions: [condition] });
    expect(plan.eligibility.status).toBe("blocked");
    expect(plan.eligibility.reasons).toEqual([
      expect.objectContaining({ code: condition, kind: "contraindication", until: null }),
    ]);
    expect(plan.earliestStartOn).toBeNull();
    expect(plan.sessions).toEqual([]);
    expect(plan.prep).toEqual([]);
  });

  it.each([
    { condition: "electronic_implant", addOn: "rf" },
    { condition: "metal_implant_in_area", addOn: "rf" },
    { condition: "gold_allergy", addOn: "rf" },
  ])("$condition rules out only $addOn", ({ condition, addOn }) => {
    expect(planFor({ conditions: [condition] }).eligibility.status).toBe("eligible");
    const plan = planFor({ conditions: [condition], addOns: [addOn] });
    expect(plan.addOnsChosen).toEqual([]);
    expect(plan.addOnsRefused).toEqual([expect.objectContaining({ code: addOn, conditions: [condition] })]);
  });

  it.each([
    "active_acne",
    "keloid_history",
    "eczema_psoriasis_rosacea",
    "uncontrolled_diabetes",
    "immunosuppression",
    "cold_sore_history",
    "raised_moles_in_area",
  ])("%s needs a provider's sign-off, which an override gives", (condition) => {
    const plan = planFor({ desiredStartOn: "2026-12-10", conditions: [condition] });
    expect(plan.eligibility.status).toBe("needs_review");
    expect(plan.prep.map((p) => p.code)).toContain("medication_review");
    expect(plan.sessions).toHaveLength(3);
    const signed = planFor({
      desiredStartOn: "2026-12-10",
      conditions: [condition],
      overrides: [{ code: condition, reason: "seen", by: "Dr. Ames" }],
    });
    expect(signed.eligibility.status).toBe("eligible");
    expect(signed.prep.map((p) => p.code)).not.toContain("medication_review");
  });

  it("a hard block wins over everything else", () => {
    const plan = planFor({
      conditions: ["active_acne", "pregnancy"],
      medications: [{ code: "nsaid", ongoing: true }],
    });
    expect(plan.eligibility.status).toBe("blocked");
    expect(reasonCodes(plan)).toContain("pregnancy");
  });
});

describe("maintenance (seed: every six months for ongoing concerns)", () => {
  it("is required for ongoing concerns, six months after the last session", () => {
    const plan = planFor({ desiredStartOn: "2026-12-10" });
    expect(plan.maintenance).toEqual({ everyMonths: 6, firstOn: "2027-08-04", required: true });
  });
  it("is optional when every concern is corrective", () => {
    const plan = planFor({
      concerns: [
        { code: "acne_scars", severity: "moderate" },
        { code: "scars", severity: "mild" },
      ],
    });
    expect(plan.maintenance.required).toBe(false);
  });
  it("one ongoing concern among corrective ones makes it required", () => {
    const plan = planFor({
      concerns: [
        { code: "acne_scars", severity: "moderate" },
        { code: "uneven_skin_tone", severity: "mild" },
      ],
    });
    expect(plan.maintenance.required).toBe(true);
  });
});

describe("add-on recommendations", () => {
  it.each([
    { concern: "hyperpigmentation", severity: "moderate", addOns: ["prp"] },
    { concern: "acne_scars", severity: "moderate", addOns: ["prp"] },
    { concern: "loose_skin", severity: "moderate", addOns: ["rf"] },
    { concern: "wrinkles", severity: "mild", addOns: [] },
    { concern: "wrinkles", severity: "moderate", addOns: ["rf"] },
    { concern: "fine_lines", severity: "mild", addOns: [] },
    { concern: "crows_feet", severity: "moderate", addOns: ["rf"] },
    { concern: "neck_chest_lines", severity: "moderate", addOns: ["rf"] },
    { concern: "fine_lines", severity: "moderate", addOns: [] },
    { concern: "fine_lines", severity: "severe", addOns: ["rf"] },
    { concern: "enlarged_pores", severity: "moderate", addOns: [] },
    { concern: "enlarged_pores", severity: "severe", addOns: ["rf"] },
    { concern: "acne_scars", severity: "severe", addOns: ["prp", "rf"] },
  ])("$concern ($severity) → $addOns", ({ concern, severity, addOns }) => {
    const plan = planFor({ concerns: [{ code: concern, severity }] });
    expect(plan.addOns.map((a) => a.code)).toEqual(addOns);
    for (const a of plan.addOns) expect(a.rule).toMatch(/^addOns\.(prp|rf)\./);
  });

  it("names the concerns behind a recommendation as a patient reads them", () => {
    const plan = planFor({ concerns: [{ code: "acne_scars", severity: "severe" }] });
    expect(plan.addOns.find((a) => a.code === "prp")?.reason).toMatch(/For: acne scars\.$/);
    expect(plan.addOns.find((a) => a.code === "rf")?.reason).toMatch(/For: acne scars \(severe\)\.$/);
  });

  it("never recommends an add-on the patient's conditions would block", () => {
    const plan = planFor({
      concerns: [{ code: "loose_skin", severity: "moderate" }],
      conditions: ["electronic_implant"],
    });
    expect(plan.addOns).toEqual([]);
    expect(plan.explanation.map((e) => e.rule)).toContain("addOns.withheld");
  });
});

describe("prep steps before the first session", () => {
  const plan = planFor({ desiredStartOn: "2026-12-31", conditions: ["cold_sore_history"] });
  const on = (code: string) => plan.prep.filter((p) => p.code === code && p.session === 1).map((p) => p.on);

  it("exfoliate several times in the weeks before, none the day before", () => {
    expect(on("exfoliate")).toEqual(["2026-12-10", "2026-12-17", "2026-12-24", "2026-12-28"]);
    expect(on("no_exfoliation")).toEqual(["2026-12-30"]);
  });
  it("avoid sun from 14 days before; antiviral two days before with a cold-sore history", () => {
    expect(on("avoid_sun")).toEqual(["2026-12-17"]);
    expect(on("antiviral_prophylaxis")).toEqual(["2026-12-29"]);
  });
  it("is in date order and never before today", () => {
    const days = plan.prep.map((p) => p.on);
    expect(days).toEqual([...days].sort());
    expect(days.every((d) => d >= "2026-12-01")).toBe(true);
  });
});

describe("aftercare and expectations (hours from the end of the session)", () => {
  it.each([
    { code: "no_makeup", fromHours: 0, toHours: 48 },
    { code: "no_pool_sauna_strenuous_exercise", fromHours: 0, toHours: 72 },
    { code: "sunscreen_every_2h_outdoors", fromHours: 0, toHours: null },
    { code: "uv_protective_clothing", fromHours: 0, toHours: 168 },
    { code: "wash_hands_before_touching_face", fromHours: 0, toHours: 336 },
    { code: "antibiotic_cream_as_instructed", fromHours: 0, toHours: 336 },
    { code: "hydrating_product", fromHours: 0, toHours: null },
    { code: "resume_acids", fromHours: 168, toHours: null },
    { code: "resume_retinoids", fromHours: 336, toHours: null },
  ])("$code: $fromHours–$toHours h", (item) => {
    expect(planFor().aftercare).toContainEqual(expect.objectContaining(item));
  });

  it.each([
    { code: "redness_swelling", fromDays: 1, toDays: 3, rfToDays: 5 },
    { code: "healed", fromDays: 7, toDays: 14, rfToDays: 14 },
    { code: "final_results", fromDays: 0, toDays: 60, rfToDays: 60 },
  ])(
    "expect $code in $fromDays–$toDays days (RF: up to $rfToDays)",
    ({ code, fromDays, toDays, rfToDays }) => {
      expect(planFor().expectations).toContainEqual(expect.objectContaining({ code, fromDays, toDays }));
      expect(planFor({ addOns: ["rf"] }).expectations).toContainEqual(
        expect.objectContaining({ code, toDays: rfToDays }),
      );
    },
  );
});

describe("the README's example case", () => {
  const plan = planFor({
    asOf: "2026-12-01",
    desiredStartOn: "2026-12-10",
    concerns: [{ code: "acne_scars", severity: "moderate" }],
    medications: [
      { code: "topical_retinoid", ongoing: true },
      { code: "isotretinoin", lastTakenOn: "2026-06-01" },
    ],
    recentProcedures: [{ code: "botox", on: "2026-11-28" }],
    conditions: ["cold_sore_history"],
    addOns: ["prp"],
  });

  it("waits for the botox washout and asks for a review", () => {
    expect(plan.protocolVersion).toBe("regimen-default-2026.1");
    expect(plan.eligibility.status).toBe("needs_review");
    expect(reasonCodes(plan)).toEqual(["botox", "cold_sore_history"]);
    expect(plan.earliestStartOn).toBe("2026-12-12");
    expect(plan.sessions.map((s) => s.targetOn)).toEqual(["2026-12-12", "2027-01-09", "2027-02-06"]);
    expect(plan.maintenance.required).toBe(false);
    expect(plan.addOns.map((a) => a.code)).toEqual(["prp"]);
    expect(plan.prep).toContainEqual(
      expect.objectContaining({ code: "stop_topical_retinoid", on: "2026-12-05" }),
    );
  });

  it("explains every rule with the protocol path it read", () => {
    const paths = plan.explanation.map((e) => e.path);
    expect(paths).toContain("procedures.botox.days");
    expect(paths).toContain("conditions.cold_sore_history.severity");
    expect(paths).toContain("series.correctiveSessionsBySeverity.moderate");
    expect(paths).toContain("addOns.prp.recommendedFor");
    expect(paths).toContain("medications.topical_retinoid.days");
  });
});

it.each([
  { timeZone: "America/New_York", asOf: "2026-11-30" },
  { timeZone: "Asia/Tokyo", asOf: "2026-12-01" },
])("asOf defaults to today in $timeZone", ({ timeZone, asOf }) => {
  // 03:00 UTC on 1 December is still the evening of 30 November in New York.
  const now = Temporal.Instant.from("2026-12-01T03:00:00Z");
  const input = { timeZone, concerns: [{ code: "dry_skin", severity: "mild" }] };
  const plan = buildPlanFromJson(input, { protocol: defaultProtocol, now });
  expect(plan.asOf).toBe(asOf);
  expect(plan.desiredStartOn).toBe(asOf);
});
