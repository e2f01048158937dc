import { z } from "zod";
import { CONCERNS, CONDITIONS, GOAL_CLASSES, MEDICATIONS, PROCEDURES, SEVERITIES } from "./codes.js";

/**
 * A clinic protocol: every clinical number the engine uses, as data. A clinic edits
 * these; each edit is a new `version`, and every plan echoes the version it used.
 */

const days = z.int().min(0).max(3650);
const hours = z
  .int()
  .min(0)
  .max(24 * 365);
const text = z.string().min(1).max(500);

const concernRule = z.strictObject({
  label: text,
  goal: z.enum(GOAL_CLASSES),
});

const washoutRule = z.strictObject({
  label: text,
  /** Days that must pass between the last dose (or the procedure) and a session; null: never a timed washout. */
  days: days.nullable(),
  /** A longer washout before RF microneedling, where sources ask for one. */
  rfDays: days.optional(),
  /** A provider must review before any session (e.g. anticoagulants: never stop on our advice). */
  needsReview: z.boolean().default(false),
});

const conditionRule = z.strictObject({
  label: text,
  severity: z.enum(["hard_block", "needs_review"]),
  /** Which sessions the condition matters for: all of them, or only those with the add-on. */
  appliesTo: z.enum(["all", "rf", "prp"]),
});

const aftercareRule = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a snake_case code"),
  text,
  fromHours: hours,
  /** null: from `fromHours` on, with no end. */
  toHours: hours.nullable(),
  rfFromHours: hours.optional(),
  rfToHours: hours.nullable().optional(),
});

const expectationRule = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a snake_case code"),
  text,
  fromDays: days,
  toDays: days,
  rfFromDays: days.optional(),
  rfToDays: days.optional(),
});

const addOnRule = z.strictObject({
  label: text,
  recommendedFor: z.array(z.enum(CONCERNS)),
  recommendForSevere: z.boolean(),
  reason: text,
});

export const protocolSchema = z
  .strictObject({
    version: z.string().min(1).max(100),
    name: text,
    concerns: z.record(z.enum(CONCERNS), concernRule),
    series: z.strictObject({
      sessionsBySeverity: z.record(z.enum(SEVERITIES), z.int().min(1).max(12)),
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
      exfoliateDaysBefore: z.array(z.int().min(2).max(90)).min(1),
      /** No exfoliation from this many days before the session ("not the night before"). */
      noExfoliationDaysBefore: z.int().min(1).max(14),
      avoidSunDaysBefore: days,
      antiviralDaysBefore: days,
    }),
    aftercare: z.array(aftercareRule).min(1),
    expectations: z.array(expectationRule).min(1),
    redFlags: z.strictObject({
      rednessWorseAfterHours: hours,
      rednessMaxDays: days,
      rfRednessMaxDays: days,
    }),
    addOns: z.strictObject({ prp: addOnRule, rf: addOnRule }),
  })
  .superRefine((p, ctx) => {
    const { minDays, targetMinDays, targetMaxDays, overrideMinDays } = p.interval;
    if (targetMinDays < minDays)
      ctx.addIssue({
        code: "custom",
        path: ["interval", "targetMinDays"],
        message: "must be at least minDays",
      });
    if (targetMaxDays < targetMinDays)
      ctx.addIssue({
        code: "custom",
        path: ["interval", "targetMaxDays"],
        message: "must be at least targetMinDays",
      });
    if (overrideMinDays > minDays)
      ctx.addIssue({
        code: "custom",
        path: ["interval", "overrideMinDays"],
        message: "must not exceed minDays",
      });
    p.aftercare.forEach((rule, i) => {
      if (rule.toHours !== null && rule.toHours < rule.fromHours)
        ctx.addIssue({
          code: "custom",
          path: ["aftercare", i, "toHours"],
          message: "must not be before fromHours",
        });
    });
    p.expectations.forEach((rule, i) => {
      if (rule.toDays < rule.fromDays)
        ctx.addIssue({
          code: "custom",
          path: ["expectations", i, "toDays"],
          message: "must not be before fromDays",
        });
    });
  });

export type Protocol = z.output<typeof protocolSchema>;
export type ProtocolDocument = z.input<typeof protocolSchema>;
