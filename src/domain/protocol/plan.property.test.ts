import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, laterDay } from "../time/calendar.js";
import { ADD_ONS, CONCERNS, CONDITIONS, MEDICATIONS, PROCEDURES, SEVERITIES } from "./codes.js";
import type { Protocol } from "./protocol.schema.js";
import { parseClinicProtocol } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

const ASOF = "2026-12-01";
const pastDay = fc.integer({ min: 0, max: 400 }).map((n) => addDays(ASOF, -n));

const planInput = fc.record({
  desiredStartOn: fc.integer({ min: 0, max: 120 }).map((n) => addDays(ASOF, n)),
  concerns: fc.uniqueArray(
    fc.record({ code: fc.constantFrom(...CONCERNS), severity: fc.constantFrom(...SEVERITIES) }),
    { minLength: 1, maxLength: 4, selector: (c) => c.code },
  ),
  medications: fc.uniqueArray(
    fc.oneof(
      fc.record({ code: fc.constantFrom(...MEDICATIONS), ongoing: fc.constant(true as const) }),
      fc.record({ code: fc.constantFrom(...MEDICATIONS), lastTakenOn: pastDay }),
    ),
    { maxLength: 4, selector: (m) => m.code },
  ),
  recentProcedures: fc.array(fc.record({ code: fc.constantFrom(...PROCEDURES), on: pastDay }), {
    maxLength: 3,
  }),
  conditions: fc.uniqueArray(fc.constantFrom(...CONDITIONS), { maxLength: 3 }),
  addOns: fc.uniqueArray(fc.constantFrom(...ADD_ONS), { maxLength: 2 }),
});

const clinicProtocol = fc
  .record({
    minDays: fc.integer({ min: 14, max: 60 }),
    extra: fc.integer({ min: 0, max: 14 }),
    spread: fc.integer({ min: 0, max: 21 }),
    retinoidDays: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ minDays, extra, spread, retinoidDays }) =>
    parseClinicProtocol({
      version: `random-${minDays}-${extra}-${spread}-${retinoidDays}`,
      interval: {
        minDays,
        targetMinDays: minDays + extra,
        targetMaxDays: minDays + extra + spread,
        overrideMinDays: Math.min(14, minDays),
      },
      medications: { topical_retinoid: { days: retinoidDays } },
    }),
  );

type Input = typeof planInput extends fc.Arbitrary<infer T> ? T : never;

/** The add-ons asked for, less those a condition rules out (the plan drops them). */
function plannedAddOns(input: Input, protocol: Protocol): string[] {
  return input.addOns.filter(
    (a) =>
      !input.conditions.some((c) => {
        const rule = protocol.conditions[c];
        return rule.severity === "hard_block" && rule.appliesTo === a;
      }),
  );
}

/** Each washout's first allowed day, computed here independently of the engine. */
function washoutEnds(input: Input, protocol: Protocol): string[] {
  const rf = plannedAddOns(input, protocol).includes("rf");
  const ends: string[] = [];
  for (const m of input.medications) {
    const rule = protocol.medications[m.code];
    const days = rf && rule.rfDays !== undefined ? rule.rfDays : rule.days;
    if (days) ends.push(addDays("ongoing" in m ? ASOF : m.lastTakenOn, days));
  }
  for (const p of input.recentProcedures) {
    const rule = protocol.procedures[p.code];
    const days = rf && rule.rfDays !== undefined ? rule.rfDays : rule.days;
    if (days) ends.push(addDays(p.on, days));
  }
  // The antiviral for a cold-sore history starts days before the session.
  if (input.conditions.includes("cold_sore_history") && protocol.prep.antiviralDaysBefore > 0)
    ends.push(addDays(ASOF, protocol.prep.antiviralDaysBefore));
  return ends;
}

function isHardBlocked(input: Input, protocol: Protocol): boolean {
  return input.conditions.some((c) => {
    const rule = protocol.conditions[c];
    return (
      // A condition that rules out only an add-on drops the add-on instead.
      rule.severity === "hard_block" && rule.appliesTo === "all"
    );
  });
}

describe("plan properties", () => {
  it("no session before a washout ends, sessions at least the minimum apart, hard blocks block", () => {
    fc.assert(
      fc.property(planInput, clinicProtocol, (input, protocol) => {
        const plan = planFor({ asOf: ASOF, ...input }, protocol);
        if (isHardBlocked(input, protocol)) {
          expect(plan.eligibility.status).toBe("blocked");
          expect(plan.sessions).toEqual([]);
          expect(plan.earliestStartOn).toBeNull();
          return;
        }
        const ends = washoutEnds(input, protocol);
        for (const session of plan.sessions) {
          for (const end of ends) expect(session.earliestOn >= end).toBe(true);
          expect(session.targetOn >= session.earliestOn).toBe(true);
        }
        plan.sessions.slice(1).forEach((session, i) => {
          const previous = plan.sessions[i];
          if (!previous) throw new Error("unreachable");
          expect(daysBetween(previous.targetOn, session.targetOn)).toBeGreaterThanOrEqual(
            protocol.interval.minDays,
          );
          expect(daysBetween(previous.targetOn, session.earliestOn)).toBeGreaterThanOrEqual(
            protocol.interval.minDays,
          );
        });
        expect(plan.sessions[0]?.targetOn ?? "").toBe([input.desiredStartOn, ...ends].reduce(laterDay));
        for (const step of plan.prep) expect(step.on >= ASOF).toBe(true);
        for (const step of plan.prep.filter((p) => !p.code.startsWith("resume_")))
          expect(step.on <= (plan.sessions[step.session - 1]?.targetOn ?? "")).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("no session falls where a medication should be paused, every pause has a resume, prescribed medicines never stop", () => {
    fc.assert(
      fc.property(planInput, clinicProtocol, (input, protocol) => {
        const plan = planFor({ asOf: ASOF, ...input }, protocol);
        const rf = plan.addOnsChosen.includes("rf");
        for (const med of input.medications) {
          const stops = plan.prep.filter((p) => p.code === `stop_${med.code}`);
          const resumes = plan.prep.filter((p) => p.code === `resume_${med.code}`);
          const topical = protocol.skinTopicals[med.code];
          const rule = protocol.medications[med.code];
          const days = rf && rule.rfDays !== undefined ? rule.rfDays : rule.days;
          if (topical === undefined || !("ongoing" in med) || days === null) {
            expect(stops).toEqual([]);
            expect(resumes).toEqual([]);
            continue;
          }
          // Pauses pair up in order: stop, then its resume, never overlapping the next.
          expect(resumes).toHaveLength(stops.length);
          const pauses = stops.map((stop, i) => ({ from: stop.on, until: resumes[i]?.on ?? "" }));
          pauses.forEach((pause, i) => {
            expect(pause.until > pause.from).toBe(true);
            const next = pauses[i + 1];
            if (next) expect(next.from > pause.until).toBe(true);
          });
          // Every session lies inside one pause, at least the washout after its start.
          for (const session of plan.sessions) {
            const around = pauses.find((p) => p.from <= session.targetOn && session.targetOn < p.until);
            expect(around, `${med.code} around ${session.targetOn}`).toBeDefined();
            if (around) expect(daysBetween(around.from, session.targetOn)).toBeGreaterThanOrEqual(days);
          }
        }
        // No exfoliation inside an acid pause.
        if (input.medications.some((m) => m.code === "exfoliating_acid")) {
          expect(plan.prep.filter((p) => p.code === "exfoliate")).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
