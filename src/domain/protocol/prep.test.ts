import { describe, expect, it } from "vitest";
import { addDays } from "../time/calendar.js";
import { defaultProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

const RETINOID_DAYS = defaultProtocol.medications.topical_retinoid.days ?? 0;
const RETINOID_RESUME = defaultProtocol.skinTopicals.topical_retinoid?.resumeDays ?? 14;
const ACID_DAYS = defaultProtocol.medications.exfoliating_acid.days ?? 0;
const ACID_RESUME = defaultProtocol.skinTopicals.exfoliating_acid?.resumeDays ?? 7;

const steps = (plan: ReturnType<typeof planFor>, code: string) =>
  plan.prep.filter((p) => p.code === code).map((p) => ({ session: p.session, on: p.on }));

describe("every planned session is prepared (skin topicals paused and resumed around each)", () => {
  const plan = planFor({
    desiredStartOn: "2026-12-20",
    medications: [{ code: "topical_retinoid", ongoing: true }],
  });
  const days = plan.sessions.map((s) => s.targetOn);

  it("pauses an ongoing retinoid before each of the three sessions", () => {
    expect(days).toHaveLength(3);
    expect(steps(plan, "stop_topical_retinoid")).toEqual(
      days.map((day, i) => ({ session: i + 1, on: addDays(day, -RETINOID_DAYS) })),
    );
  });

  it("resumes it after each session, before the next pause", () => {
    expect(steps(plan, "resume_topical_retinoid")).toEqual(
      days.map((day, i) => ({ session: i + 1, on: addDays(day, RETINOID_RESUME) })),
    );
  });

  it("joins the pauses when the next one would start before the resume day", () => {
    const protocol = {
      ...defaultProtocol,
      interval: { ...defaultProtocol.interval, minDays: 14, targetMinDays: 14, overrideMinDays: 14 },
    };
    const short = planFor(
      { desiredStartOn: "2026-12-20", medications: [{ code: "topical_retinoid", ongoing: true }] },
      protocol,
    );
    expect(steps(short, "stop_topical_retinoid")).toEqual([{ session: 1, on: "2026-12-13" }]);
    expect(steps(short, "resume_topical_retinoid")).toEqual([
      { session: 3, on: addDays(short.sessions[2]?.targetOn ?? "", RETINOID_RESUME) },
    ]);
  });

  it("repeats the day-before, sun and antiviral steps for each session", () => {
    const withHistory = planFor({ desiredStartOn: "2026-12-20", conditions: ["cold_sore_history"] });
    const sessions = (code: string) => steps(withHistory, code).map((s) => s.session);
    expect(sessions("no_exfoliation")).toEqual([1, 2, 3]);
    expect(sessions("avoid_sun")).toEqual([1, 2, 3]);
    expect(sessions("antiviral_prophylaxis")).toEqual([1, 2, 3]);
  });
});

describe("no exfoliation inside an exfoliating-acid pause", () => {
  it.each([
    { medications: [{ code: "exfoliating_acid", ongoing: true }] },
    { medications: [{ code: "exfoliating_acid", lastTakenOn: "2026-11-30" }] },
  ])("acid user $medications.0: only gentle non-acid exfoliation, never in the pause", ({ medications }) => {
    const plan = planFor({ desiredStartOn: "2026-12-31", medications });
    expect(steps(plan, "exfoliate")).toEqual([]);
    const gentle = steps(plan, "exfoliate_gently");
    expect(gentle.length).toBeGreaterThan(0);
    for (const { on } of gentle) {
      for (const s of plan.sessions) {
        const inPause = on >= addDays(s.targetOn, -ACID_DAYS) && on <= addDays(s.targetOn, ACID_RESUME);
        expect(inPause, on).toBe(false);
      }
    }
    for (const step of plan.prep.filter((p) => p.code === "exfoliate_gently"))
      expect(step.text).toMatch(/non-acid/);
  });

  it("a stop-acids step and an exfoliation step never share a day", () => {
    const plan = planFor({
      desiredStartOn: "2026-12-31",
      medications: [{ code: "exfoliating_acid", ongoing: true }],
    });
    const stops = new Set(steps(plan, "stop_exfoliating_acid").map((s) => s.on));
    expect(stops.size).toBe(3);
    for (const s of steps(plan, "exfoliate_gently")) expect(stops.has(s.on)).toBe(false);
  });
});

describe("prescribed medicines are never stopped on the clinic's say-so", () => {
  it.each(["isotretinoin", "oral_antibiotic", "nsaid", "anticoagulant"])(
    "ongoing %s: no stop step, the prescriber decides",
    (code) => {
      const plan = planFor({ medications: [{ code, ongoing: true }] });
      const codes = plan.prep.map((p) => p.code);
      expect(codes.filter((c) => c.startsWith("stop_") || c.startsWith("resume_"))).toEqual([]);
      const days = defaultProtocol.medications[code as "nsaid"].days;
      if (days !== null) {
        const step = plan.prep.find((p) => p.code === `prescribed_${code}`);
        expect(step?.text).toContain(`${days} days after your last dose`);
        expect(step?.text).toMatch(/prescribed it/);
      }
    },
  );

  it.each(["topical_retinoid", "exfoliating_acid", "topical_antibiotic"])(
    "ongoing skin topical %s is paused and resumed",
    (code) => {
      const plan = planFor({ medications: [{ code, ongoing: true }] });
      const codes = plan.prep.map((p) => p.code);
      expect(codes).toContain(`stop_${code}`);
      expect(codes).toContain(`resume_${code}`);
    },
  );

  it("the acne topical antibiotic is not the aftercare wound ointment", () => {
    const label = defaultProtocol.medications.topical_antibiotic.label;
    const ointment = defaultProtocol.aftercare.find((a) => a.code === "antibiotic_cream_as_instructed");
    expect(label).toMatch(/acne/i);
    expect(ointment?.text).toMatch(/wound-care ointment/);
    expect(ointment?.text).toMatch(/not your acne antibiotic/);
  });
});

describe("platelet disorders", () => {
  it("without PRP need a provider's review (bleeding risk)", () => {
    const plan = planFor({ conditions: ["platelet_disorder"] });
    expect(plan.eligibility.status).toBe("needs_review");
    expect(plan.eligibility.reasons).toContainEqual(
      expect.objectContaining({ code: "platelet_disorder", effect: "review" }),
    );
  });
  it("with PRP stay a hard block for PRP, which a provider can never accept", () => {
    const plan = planFor({ conditions: ["platelet_disorder"], addOns: ["prp"] });
    expect(plan.addOnsRefused.map((r) => r.code)).toEqual(["prp"]);
    expect(plan.addOnsChosen).toEqual([]);
    expect(plan.eligibility.status).toBe("needs_review");
  });
});
