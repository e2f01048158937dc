import { z } from "zod";
import { text } from "../validation/text.js";
import {
  CONCERNS,
  CONDITIONS,
  GOAL_CLASSES,
  MEDICATIONS,
  PROCEDURES,
  PRODUCT_KINDS,
  SEVERITIES,
  SKIN_TYPES,
} from "./codes.js";

/**
 * A clinic protocol: every clinical number the engine uses, as data. A clinic edits
 * these; each edit is a new `version`, and every plan echoes the version it used.
 */

const days = z.int().min(0).max(3650);
const hours = z
  .int()
  .min(0)
  .max(24 * 365);
/*
 * Stored versions are parsed again when loaded, so these bounds only ever widen. Text is checked,
 * not changed (no trimming): a saved document reads back exactly as it was written.
 */
/** A name shown in a list: one line. */
const label = text({ max: 500, trim: false });
/** Prose a patient reads (aftercare, expectations, reasons): may hold line breaks. */
const prose = text({ max: 500, trim: false, multiline: true });
/** Longest list of aftercare or expectation rules a protocol may hold; the default has a handful. */
const MAX_RULES = 50;
const ruleCode = z
  .string()
  .max(64, { message: "must be a snake_case code of at most 64 characters", abort: true })
  .regex(/^[a-z][a-z0-9_]*$/, "must be a snake_case code");

const concernRule = z.strictObject({
  label,
  goal: z.enum(GOAL_CLASSES),
});

const washoutRule = z.strictObject({
  label,
  /** Days that must pass between the last dose (or the procedure) and a session; null: never a timed washout. */
  days: days.nullable(),
  /** A longer washout before RF microneedling, where sources ask for one. */
  rfDays: days.optional(),
  /** A provider must review before any session (e.g. anticoagulants: never stop on our advice). */
  needsReview: z.boolean().default(false),
});

const conditionRule = z.strictObject({
  label,
  severity: z.enum(["hard_block", "needs_review"]),
  /** Which sessions the condition matters for: all of them, or only those with the add-on. */
  appliesTo: z.enum(["all", "rf", "prp"]),
  /**
   * For a condition that blocks only sessions with an add-on: what it means for a session without
   * it (a platelet disorder blocks PRP, yet plain needling still carries a bleeding risk).
   */
  withoutAddOn: z.enum(["needs_review"]).optional(),
  /** A block that passes (pregnancy, a sunburn, an infection): the plan says to reassess when resolved. */
  temporary: z.boolean().default(false),
});

const aftercareRule = z.strictObject({
  code: ruleCode,
  text: prose,
  fromHours: hours,
  /** null: from `fromHours` on, with no end. */
  toHours: hours.nullable(),
  rfFromHours: hours.optional(),
  rfToHours: hours.nullable().optional(),
});

const expectationRule = z.strictObject({
  code: ruleCode,
  text: prose,
  fromDays: days,
  toDays: days,
  rfFromDays: days.optional(),
  rfToDays: days.optional(),
});

/**
 * A skin topical the plan itself pauses around every session and lets back `resumeDays` after it.
 * Medicines not listed here (prescribed ones: isotretinoin, oral antibiotics, anticoagulants,
 * prescribed NSAIDs) are never stopped on the plan's say-so: only their washout counts.
 */
const skinTopicalRule = z.strictObject({
  /** Days after a session on which the product may be used again. */
  resumeDays: days,
});

/** A sign after a session for which the patient calls the clinic. */
const redFlagSign = z.strictObject({
  code: ruleCode,
  text: prose,
  /** Hours after the end of the session from which the sign counts (0: at any time). */
  afterHours: hours,
  rfAfterHours: hours.optional(),
});

const addOnRule = z.strictObject({
  label,
  recommendedFor: z.array(z.enum(CONCERNS)).max(CONCERNS.length),
  recommendForSevere: z.boolean(),
  /** The least severity at which a concern in `recommendedFor` earns the recommendation. */
  recommendedFromSeverity: z.enum(SEVERITIES).default("mild"),
  reason: prose,
});

/**
 * Darker skin types (from `fromType` up) mark easily after injury: post-inflammatory
 * hyperpigmentation. The plan warns, asks a provider to review RF and deep needling, and
 * lengthens the sun protection.
 */
const skinTypeRule = z.strictObject({
  fromType: z.enum(SKIN_TYPES),
  warning: prose,
  /** RF microneedling needs a provider's review for these types. */
  reviewWithRf: z.boolean(),
  /** Needling deeper than this (mm) needs a provider's review for these types. */
  reviewAboveDepthMm: z.number().min(0.1).max(5),
  /** The stronger sun advice, hours from the end of each session. */
  sunProtection: aftercareRule,
});

/**
 * How a product kind is handled around a session. `pauseDaysBefore` and `resumeOnDay` are both
 * set (stop that many days before, back on that day after the session; day 0 is the session
 * day) or both null (used throughout). `medication`: the intake medication this kind is, so a
 * product that is also a medication follows the medication's washout and is counted once.
 */
const routineRule = z.strictObject({
  label,
  pauseDaysBefore: days.nullable(),
  resumeOnDay: days.nullable(),
  medication: z.enum(MEDICATIONS).optional(),
  advice: prose,
});

export const protocolSchema = z
  .strictObject({
    version: text({ max: 100, trim: false }),
    name: label,
    concerns: z.record(z.enum(CONCERNS), concernRule),
    series: z.strictObject({
      sessionsBySeverity: z.record(z.enum(SEVERITIES), z.int().min(1).max(12)),
      /**
       * Sessions for corrective concerns (scars), which differ from ongoing ones; without it a
       * mild corrective concern counts as moderate in `sessionsBySeverity`.
       */
      correctiveSessionsBySeverity: z.record(z.enum(SEVERITIES), z.int().min(1).max(12)).optional(),
      /** Days after a single-session series at which the result is reassessed (a second session or not). */
      singleSessionReassessDays: days.optional(),
    }),
    interval: z.strictObject({
      minDays: z.int().min(1).max(365),
      targetMinDays: z.int().min(1).max(365),
      targetMaxDays: z.int().min(1).max(365),
      /** The shortest gap a provider may accept with an override. */
      overrideMinDays: z.int().min(1).max(365),
    }),
    maintenance: z.strictObject({
      everyMonths: z.int().min(1).max(60),
    }),
    medications: z.record(z.enum(MEDICATIONS), washoutRule),
    procedures: z.record(z.enum(PROCEDURES), washoutRule),
    conditions: z.record(z.enum(CONDITIONS), conditionRule),
    prep: z.strictObject({
      /** Days before the session on which to exfoliate ("several times in the weeks before"). */
      exfoliateDaysBefore: z.array(z.int().min(2).max(90)).min(1).max(89),
      /** No exfoliation from this many days before the session ("not the night before"). */
      noExfoliationDaysBefore: z.int().min(1).max(14),
      avoidSunDaysBefore: days,
      antiviralDaysBefore: days,
    }),
    aftercare: z.array(aftercareRule).min(1).max(MAX_RULES),
    expectations: z.array(expectationRule).min(1).max(MAX_RULES),
    redFlags: z.strictObject({
      rednessWorseAfterHours: hours,
      rednessMaxDays: days,
      rfRednessMaxDays: days,
      /** The signs themselves, each with when it applies; read by plans and check-ins. */
      signs: z.array(redFlagSign).max(MAX_RULES).default([]),
    }),
    addOns: z.strictObject({ prp: addOnRule, rf: addOnRule }),
    /*
     * Optional so versions saved before these sections existed still load; the engine then
     * uses the default protocol's values for them.
     */
    skinTypes: skinTypeRule.optional(),
    routine: z.record(z.enum(PRODUCT_KINDS), routineRule).optional(),
    skinTopicals: z.partialRecord(z.enum(MEDICATIONS), skinTopicalRule).default({}),
  })
  .superRefine((p, ctx) => {
    const { minDays, targetMinDays, targetMaxDays, overrideMinDays } = p.interval;
    if (targetMinDays < minDays)
      ctx.addIssue({
        code: "custom",
        path: ["interval", "targetMinDays"],
        message: `is ${targetMinDays}: must be at least minDays (${minDays})`,
      });
    if (targetMaxDays < targetMinDays)
      ctx.addIssue({
        code: "custom",
        path: ["interval", "targetMaxDays"],
        message: `is ${targetMaxDays}: must be at least targetMinDays (${targetMinDays})`,
      });
    if (overrideMinDays > minDays)
      ctx.addIssue({
        code: "custom",
        path: ["interval", "overrideMinDays"],
        message: `is ${overrideMinDays}: must not exceed minDays (${minDays})`,
      });
    p.aftercare.forEach((rule, i) => {
      if (rule.toHours !== null && rule.toHours < rule.fromHours)
        ctx.addIssue({
          code: "custom",
          path: ["aftercare", i, "toHours"],
          message: `is ${rule.toHours}: must not be before fromHours (${rule.fromHours}) of "${rule.code}"`,
        });
    });
    for (const [kind, rule] of Object.entries(p.routine ?? {})) {
      if ((rule.pauseDaysBefore === null) !== (rule.resumeOnDay === null))
        ctx.addIssue({
          code: "custom",
          path: ["routine", kind, "resumeOnDay"],
          message: "set both pauseDaysBefore and resumeOnDay, or neither",
        });
    }
    p.expectations.forEach((rule, i) => {
      if (rule.toDays < rule.fromDays)
        ctx.addIssue({
          code: "custom",
          path: ["expectations", i, "toDays"],
          message: `is ${rule.toDays}: must not be before fromDays (${rule.fromDays}) of "${rule.code}"`,
        });
    });
  });

export type Protocol = z.output<typeof protocolSchema>;
export type ProtocolDocument = z.input<typeof protocolSchema>;
