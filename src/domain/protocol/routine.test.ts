import { describe, expect, it } from "vitest";
import { addDays } from "../time/calendar.js";
import { buildPlanFromJson } from "./plan.js";
import { defaultProtocol, parseClinicProtocol } from "./protocol-loader.js";
import { routineRulesOf, scheduleRoutine } from "./routine.js";
import { newPlanInput, planFor, TEST_NOW } from "./test-support.js";

const rules = routineRulesOf(defaultProtocol);
const CATALOG = [
  { id: "prod_tret", name: "Tretinoin 0.05% cream", kind: "retinoid" as const },
  { id: "prod_spf", name: "Mineral SPF 50", kind: "sunscreen" as const },
];

describe("the skincare routine between sessions", () => {
  it.each([
    // kind, days before, resume day (the protocol's defaults)
    ["retinoid", 7, 14],
    ["exfoliating_acid", 7, 7],
    ["vitamin_c", 0, 7],
    ["topical_antibiotic", 7, 14],
  ] as const)("%s: stopped %i days before and back on day %i of every session", (kind, before, resumeDay) => {
    expect(rules[kind].pauseDaysBefore).toBe(before);
    expect(rules[kind].resumeOnDay).toBe(resumeDay);
    const plan = planFor({ routine: [{ kind, times: ["evening"] }], desiredStartOn: "2026-12-20" });
    expect(plan.sessions).toHaveLength(3);
    const [entry] = plan.routine;
    expect(entry?.pausedAroundSessions).toBe(true);
    expect(entry?.pauses).toEqual(
      plan.sessions.map((s) => ({
        sessions: [s.number],
        stopOn: addDays(s.targetOn, -before),
        resumeOn: addDays(s.targetOn, resumeDay),
        shortened: false,
      })),
    );
  });

  it.each(["hyaluronic_acid", "moisturizer", "sunscreen", "cleanser", "antiviral", "other"] as const)(
    "%s is used throughout",
    (kind) => {
      const plan = planFor({ routine: [{ kind, times: ["morning", "evening"] }] });
      expect(plan.routine[0]?.pausedAroundSessions).toBe(false);
      expect(plan.routine[0]?.pauses).toEqual([]);
    },
  );

  it("resolves catalog products by id and names them", () => {
    const plan = buildWithCatalog({
      routine: [
        { productId: "prod_tret", times: ["evening"] },
        { productId: "prod_spf", times: ["morning"] },
      ],
    });
    expect(plan.routine.map((r) => [r.name, r.kind, r.productId])).toEqual([
      ["Tretinoin 0.05% cream", "retinoid", "prod_tret"],
      ["Mineral SPF 50", "sunscreen", "prod_spf"],
    ]);
  });

  it("refuses a product outside the catalog and a kind that contradicts the product", () => {
    expect(() => buildWithCatalog({ routine: [{ productId: "nope", times: ["evening"] }] })).toThrow(
      /routine\[0\]\.productId: is not a product of the clinic's catalog/,
    );
    expect(() =>
      buildWithCatalog({ routine: [{ productId: "prod_spf", kind: "retinoid", times: ["evening"] }] }),
    ).toThrow(/routine\[0\]\.kind: does not match the product's kind \(sunscreen\)/);
    expect(() => planFor({ routine: [{ times: ["evening"] }] })).toThrow(
      /give a product kind or a catalog productId/,
    );
  });

  it("a tretinoin in the routine is the intake's topical retinoid: one washout, one rule", () => {
    // Without an intake entry the routine product alone makes the first session wait the washout.
    const fromRoutine = planFor({ routine: [{ kind: "retinoid", times: ["evening"] }] });
    const washout = defaultProtocol.medications.topical_retinoid.days ?? 0;
    expect(fromRoutine.sessions[0]?.targetOn).toBe(addDays("2026-12-01", washout));
    expect(fromRoutine.routine[0]?.medication).toBe("topical_retinoid");
    const reasons = fromRoutine.eligibility.reasons.filter((r) => r.code === "topical_retinoid");
    expect(reasons).toHaveLength(1);
    // Listed in both places, it is still one medication and the same pauses.
    const both = planFor({
      medications: [{ code: "topical_retinoid", ongoing: true }],
      routine: [{ kind: "retinoid", times: ["evening"] }],
    });
    expect(both.eligibility.reasons.filter((r) => r.code === "topical_retinoid")).toHaveLength(1);
    expect(both.routine[0]?.pauses).toEqual(fromRoutine.routine[0]?.pauses);
  });

  it("a routine retinoid comes back when the clinic's skin-topical rule says, as the plan's prep does", () => {
    const clinic = parseClinicProtocol({
      version: "clinic-late-retinoid",
      skinTopicals: { topical_retinoid: { resumeDays: 21 } },
    });
    const plan = planFor(
      {
        medications: [{ code: "topical_retinoid", ongoing: true }],
        routine: [{ kind: "retinoid", times: ["evening"] }],
        desiredStartOn: "2026-12-20",
      },
      clinic,
    );
    // Three weeks off after each session joins the pauses of a 4-week series into one.
    const last = plan.sessions.at(-1)?.targetOn ?? "";
    expect(plan.routine[0]?.pauses.at(-1)?.resumeOn).toBe(addDays(last, 21));
    const resumes = plan.prep.filter((step) => step.code === "resume_topical_retinoid");
    expect(resumes.at(-1)?.on).toBe(addDays(last, 21));
  });

  it("keeps the retinoid's 7 days before RF (the medication has no RF variant)", () => {
    const withRf = planFor({
      routine: [{ kind: "retinoid", times: ["evening"] }],
      addOns: ["rf"],
      desiredStartOn: "2026-12-20",
    });
    expect(withRf.routine[0]?.pauses[0]?.stopOn).toBe(addDays("2026-12-20", -7));
  });

  it("merges pauses when sessions come closer than the pause needs, and never starts one in the past", () => {
    const product = {
      kind: "retinoid" as const,
      productId: null,
      name: "Retinoid",
      times: ["evening" as const],
    };
    const sessions = [
      { number: 1, on: "2026-12-03" },
      { number: 2, on: "2026-12-17" },
      { number: 3, on: "2027-02-01" },
    ];
    const { entries } = scheduleRoutine(defaultProtocol, [product], sessions, {
      asOf: "2026-12-01",
      addOns: [],
    });
    expect(entries[0]?.pauses).toEqual([
      { sessions: [1, 2], stopOn: "2026-12-01", resumeOn: "2026-12-31", shortened: true },
      { sessions: [3], stopOn: "2027-01-25", resumeOn: "2027-02-15", shortened: false },
    ]);
  });

  it("says nothing about a routine the input does not give", () => {
    expect(planFor().routine).toEqual([]);
  });
});

function buildWithCatalog(overrides: Record<string, unknown>) {
  return buildPlanFromJson(newPlanInput(overrides), {
    protocol: defaultProtocol,
    now: TEST_NOW,
    products: CATALOG,
  });
}
