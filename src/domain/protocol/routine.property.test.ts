import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../time/calendar.js";
import { ADD_ONS, CONCERNS, MEDICATIONS, PRODUCT_KINDS, ROUTINE_TIMES, SEVERITIES } from "./codes.js";
import { parseClinicProtocol } from "./protocol-loader.js";
import { routineRulesOf } from "./routine.js";
import { planFor } from "./test-support.js";

const ASOF = "2026-12-01";
const pastDay = fc.integer({ min: 0, max: 60 }).map((n) => addDays(ASOF, -n));

const planInput = fc.record({
  desiredStartOn: fc.integer({ min: 0, max: 60 }).map((n) => addDays(ASOF, n)),
  concerns: fc.uniqueArray(
    fc.record({ code: fc.constantFrom(...CONCERNS), severity: fc.constantFrom(...SEVERITIES) }),
    { minLength: 1, maxLength: 3, selector: (c) => c.code },
  ),
  medications: fc.uniqueArray(
    fc.oneof(
      fc.record({ code: fc.constantFrom(...MEDICATIONS), ongoing: fc.constant(true as const) }),
      fc.record({ code: fc.constantFrom(...MEDICATIONS), lastTakenOn: pastDay }),
    ),
    { maxLength: 3, selector: (m) => m.code },
  ),
  routine: fc.array(
    fc.record({
      kind: fc.constantFrom(...PRODUCT_KINDS),
      times: fc.uniqueArray(fc.constantFrom(...ROUTINE_TIMES), { minLength: 1, maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  addOns: fc.uniqueArray(fc.constantFrom(...ADD_ONS), { maxLength: 2 }),
});

/** Short intervals and long pauses, so that pauses of neighbouring sessions meet and merge. */
const clinicProtocol = fc
  .record({
    minDays: fc.integer({ min: 7, max: 45 }),
    retinoidDays: fc.integer({ min: 0, max: 30 }),
    retinoidResume: fc.integer({ min: 1, max: 40 }),
    vitaminCBefore: fc.integer({ min: 0, max: 10 }),
  })
  .map(({ minDays, retinoidDays, retinoidResume, vitaminCBefore }) =>
    parseClinicProtocol({
      version: `routine-${minDays}-${retinoidDays}-${retinoidResume}-${vitaminCBefore}`,
      interval: {
        minDays,
        targetMinDays: minDays,
        targetMaxDays: minDays + 7,
        overrideMinDays: Math.min(7, minDays),
      },
      medications: { topical_retinoid: { days: retinoidDays } },
      routine: {
        retinoid: { resumeOnDay: retinoidResume },
        vitamin_c: { pauseDaysBefore: vitaminCBefore },
      },
    }),
  );

describe("routine properties", () => {
  it("every session falls inside a pause of each paused product, never in its use; every pause ends with a resume", () => {
    fc.assert(
      fc.property(planInput, clinicProtocol, (input, protocol) => {
        const plan = planFor({ asOf: ASOF, ...input }, protocol);
        const rules = routineRulesOf(protocol);
        for (const entry of plan.routine) {
          const rule = rules[entry.kind];
          expect(entry.pausedAroundSessions).toBe(rule.pauseDaysBefore !== null);
          if (!entry.pausedAroundSessions) {
            expect(entry.pauses).toEqual([]);
            continue;
          }
          // Pauses are ordered, apart, and each one resumes after it stops.
          entry.pauses.forEach((pause, i) => {
            expect(pause.resumeOn > pause.stopOn).toBe(true);
            expect(pause.stopOn >= ASOF).toBe(true);
            const previous = entry.pauses[i - 1];
            if (previous) expect(pause.stopOn > previous.resumeOn).toBe(true);
          });
          // Each session: the product is paused that day, from far enough before, and resumes after it.
          for (const session of plan.sessions) {
            const pause = entry.pauses.find((p) => p.sessions.includes(session.number));
            expect(pause, `${entry.kind} around session ${session.number}`).toBeDefined();
            if (!pause) continue;
            expect(pause.stopOn <= session.targetOn).toBe(true);
            expect(pause.resumeOn > session.targetOn).toBe(true);
            const before =
              rule.medication !== undefined
                ? (protocol.medications[rule.medication].days ?? rule.pauseDaysBefore ?? 0)
                : (rule.pauseDaysBefore ?? 0);
            // A medication's pause is never cut short: the first session waits for its washout.
            if (rule.medication !== undefined) expect(pause.shortened).toBe(false);
            if (!pause.shortened) expect(pause.stopOn <= addDays(session.targetOn, -before)).toBe(true);
          }
          expect(entry.pauses.flatMap((p) => p.sessions)).toEqual(plan.sessions.map((s) => s.number));
        }
      }),
      { numRuns: 300 },
    );
  });
});
