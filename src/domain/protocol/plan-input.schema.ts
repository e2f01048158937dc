import { z } from "zod";
import { calendarDay, timeZone } from "../time/time.schema.js";
import { suggestCode } from "../validation/did-you-mean.js";
import { quoted, text } from "../validation/text.js";
import {
  ADD_ONS,
  CONCERNS,
  CONDITIONS,
  MEDICATIONS,
  PROCEDURES,
  PRODUCT_KINDS,
  ROUTINE_TIMES,
  SEVERITIES,
  SKIN_TYPE_PIH_RISK,
  SKIN_TYPES,
  TOO_SOON_AFTER_PREVIOUS_SESSION,
} from "./codes.js";
import type { Intake, MedicationEntry } from "./intake.js";

/** An enum whose error names the bad value and the likely intended one. */
function codeOf<const T extends readonly [string, ...string[]]>(kind: string, values: T) {
  return z.enum(values, {
    error: (issue) => {
      if (issue.input === undefined) return "is required";
      if (typeof issue.input !== "string") return `must be a ${kind} code (a string)`;
      const suggestion = suggestCode(issue.input, values);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
      return `unknown ${kind} ${quoted(issue.input)}${hint}`;
    },
  });
}

export { calendarDay, timeZone };

export const concernCode = codeOf("concern", CONCERNS);
export const medicationCode = codeOf("medication", MEDICATIONS);
export const procedureCode = codeOf("procedure", PROCEDURES);
export const conditionCode = codeOf("condition", CONDITIONS);
export const addOnCode = codeOf("add-on", ADD_ONS);
export const skinTypeCode = codeOf("Fitzpatrick skin type", SKIN_TYPES);
export const productKindCode = codeOf("product kind", PRODUCT_KINDS);
export const routineTimeCode = codeOf("time of day", ROUTINE_TIMES);

/** Longest routine a patient is given; a medical-grade routine has a handful of products. */
export const MAX_ROUTINE_ITEMS = 20;

/**
 * One product of a skincare routine: a kind ("retinoid"), or a product of the clinic's catalog
 * by id (its kind comes from the catalog), used in the morning, the evening or both.
 */
export const routineItemSchema = z
  .strictObject({
    kind: productKindCode.optional(),
    productId: text({ max: 64 }).optional(),
    times: z
      .array(routineTimeCode)
      .min(1, "name morning, evening or both")
      .max(ROUTINE_TIMES.length)
      .refine((t) => new Set(t).size === t.length, "lists a time twice"),
  })
  .refine((item) => item.kind !== undefined || item.productId !== undefined, {
    message: "give a product kind or a catalog productId",
    path: ["kind"],
  });
export type RoutineItemInput = z.output<typeof routineItemSchema>;
export const routineSchema = z.array(routineItemSchema).max(MAX_ROUTINE_ITEMS);

/**
 * Codes an override may name: washouts, conditions and the series interval. Which of them a
 * provider may actually accept depends on the clinic's protocol (a condition it makes a hard
 * block never), so that is judged where the protocol is known: `overrideRefusal`.
 */
export const OVERRIDE_CODES = [
  ...MEDICATIONS,
  ...PROCEDURES,
  ...CONDITIONS,
  TOO_SOON_AFTER_PREVIOUS_SESSION,
  SKIN_TYPE_PIH_RISK,
] as const;

const overrideCode = text({ max: 64 }).superRefine((code, ctx) => {
  if (!(OVERRIDE_CODES as readonly string[]).includes(code)) {
    const suggestion = suggestCode(code, OVERRIDE_CODES);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
    ctx.addIssue({ code: "custom", message: `unknown override code ${quoted(code)}${hint}` });
  }
});

const concernEntry = z.strictObject({
  code: concernCode,
  severity: codeOf("severity", SEVERITIES),
});

const medicationEntry = z
  .strictObject({
    code: medicationCode,
    ongoing: z.boolean().optional(),
    lastTakenOn: calendarDay.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.ongoing === true && m.lastTakenOn !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["lastTakenOn"],
        message: "give either ongoing: true or lastTakenOn, not both",
      });
    } else if (m.ongoing !== true && m.lastTakenOn === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["lastTakenOn"],
        message: "is required unless ongoing is true",
      });
    }
  })
  .transform(
    (m): MedicationEntry =>
      m.ongoing === true
        ? { code: m.code, ongoing: true }
        : { code: m.code, lastTakenOn: m.lastTakenOn as string },
  );

const procedureEntry = z.strictObject({ code: procedureCode, on: calendarDay });

const overrideEntry = z.strictObject({
  code: overrideCode,
  /** Why the provider accepts it; a note, so it may run over several lines. */
  reason: text({ max: 1000, multiline: true, emptyMessage: "is required: say why" }),
  /** Who accepts it: a name or an account id. */
  by: text({ max: 200, emptyMessage: "is required: who accepts it" }),
});

/** Lists where a code may appear only once. */
function noDuplicateCodes<T>(
  list: readonly T[],
  codeOfItem: (item: T) => string,
  ctx: z.RefinementCtx,
  field: string,
) {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const code = codeOfItem(item);
    if (seen.has(code))
      ctx.addIssue({ code: "custom", path: [field, i], message: `${quoted(code)} is listed twice` });
    seen.add(code);
  });
}

export const intakeSchema = z
  .strictObject({
    concerns: z.array(concernEntry).min(1, "name at least one concern").max(CONCERNS.length),
    medications: z.array(medicationEntry).max(MEDICATIONS.length).default([]),
    recentProcedures: z.array(procedureEntry).max(50).default([]),
    conditions: z.array(conditionCode).max(CONDITIONS.length).default([]),
    skinType: skinTypeCode.optional(),
  })
  .superRefine((intake, ctx) => {
    noDuplicateCodes(intake.concerns, (c) => c.code, ctx, "concerns");
    noDuplicateCodes(intake.medications, (m) => m.code, ctx, "medications");
    noDuplicateCodes(intake.conditions, (c) => c, ctx, "conditions");
  });

export const planInputSchema = z
  .strictObject({
    asOf: calendarDay.optional(),
    timeZone,
    desiredStartOn: calendarDay.optional(),
    /** The day of the patient's last microneedling session, if any: the interval counts from it. */
    previousSessionOn: calendarDay.optional(),
    /** Sessions of the series already done (the last on `previousSessionOn`): the plan goes on from there. */
    completedSessions: z.int().min(0).max(100).optional(),
    concerns: intakeSchema.shape.concerns,
    medications: intakeSchema.shape.medications,
    recentProcedures: intakeSchema.shape.recentProcedures,
    conditions: intakeSchema.shape.conditions,
    skinType: intakeSchema.shape.skinType,
    /** The deepest needling planned, in mm; deep work on darker skin needs a provider's review. */
    needleDepthMm: z.number().min(0.1).max(5).optional(),
    routine: routineSchema.optional(),
    addOns: z.array(addOnCode).max(ADD_ONS.length).default([]),
    overrides: z.array(overrideEntry).max(OVERRIDE_CODES.length).default([]),
  })
  .superRefine((input, ctx) => {
    noDuplicateCodes(input.concerns, (c) => c.code, ctx, "concerns");
    noDuplicateCodes(input.medications, (m) => m.code, ctx, "medications");
    noDuplicateCodes(input.conditions, (c) => c, ctx, "conditions");
    noDuplicateCodes(input.addOns, (a) => a, ctx, "addOns");
    if ((input.completedSessions ?? 0) > 0 && input.previousSessionOn === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["previousSessionOn"],
        message: "is required when completedSessions is above 0",
      });
  });

export type PlanInput = z.output<typeof planInputSchema>;
export type IntakeInput = z.input<typeof intakeSchema>;

export function intakeOf(input: PlanInput): Intake {
  return {
    concerns: input.concerns,
    medications: input.medications,
    recentProcedures: input.recentProcedures,
    conditions: input.conditions,
    ...(input.skinType !== undefined && { skinType: input.skinType }),
  };
}
