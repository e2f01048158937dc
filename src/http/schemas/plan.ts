import { z } from "zod";
import { ADD_ONS } from "../../domain/protocol/codes.js";
import { addOnCode, OVERRIDE_CODES } from "../../domain/protocol/plan-input.schema.js";
import { calendarDay, dayOut, id, instantOut, limit, noteText, offset, text } from "./common.js";

export const planRequestBody = z
  .strictObject({
    /** The first day the patient would like; defaults to today in their zone. */
    desiredStartOn: calendarDay.optional(),
    addOns: z.array(addOnCode).max(ADD_ONS.length).default([]),
    /** The last microneedling session elsewhere, if any: the series interval counts from it. */
    previousSessionOn: calendarDay.optional(),
  })
  .default({ addOns: [] });

export const acceptPlanBody = z
  .strictObject({
    /** Provider role only. `by` is taken from the signed-in account. */
    overrides: z
      .array(z.strictObject({ code: text({ max: 64 }), reason: noteText(1000) }))
      .max(OVERRIDE_CODES.length)
      .default([]),
  })
  .default({ overrides: [] });

const day = dayOut;
const reason = z.object({
  code: z.string(),
  kind: z.enum(["washout", "contraindication", "interval", "prep"]),
  effect: z.enum(["block", "wait", "review"]),
  until: z.string().nullable(),
  detail: z.string(),
  override: z.object({ by: z.string(), reason: z.string() }).nullable(),
});

/**
 * A stored plan: the engine's plan (README, "The plan") plus where it stands. Plain objects: a
 * field the engine adds later stays out of the answer until it is described here.
 */
export const planResponse = z
  .object({
    id,
    patientId: id,
    status: z.enum(["draft", "accepted", "superseded"]),
    intakeVersion: z.int(),
    createdAt: instantOut,
    acceptedBy: z.string().nullable().meta({ description: "Account id of the staff member who accepted" }),
    acceptedAt: instantOut.nullable(),
    protocolVersion: z.string(),
    asOf: day,
    timeZone: z.string(),
    desiredStartOn: day,
    addOnsChosen: z.array(z.enum(ADD_ONS)),
    addOnsRefused: z.array(
      z.object({ code: z.enum(ADD_ONS), conditions: z.array(z.string()), reason: z.string() }),
    ),
    eligibility: z.object({
      status: z.enum(["eligible", "wait", "needs_review", "blocked"]),
      reasons: z.array(reason),
    }),
    earliestStartOn: day.nullable(),
    kind: z.enum(["series", "maintenance"]),
    completedSessions: z.int(),
    seriesLength: z.int(),
    sessions: z.array(
      z.object({ number: z.int(), earliestOn: day, targetOn: day, latestOn: day.nullable() }),
    ),
    reassessOn: day.nullable(),
    maintenance: z.object({ everyMonths: z.int(), firstOn: day.nullable(), required: z.boolean() }),
    addOns: z.array(z.object({ code: z.enum(ADD_ONS), reason: z.string(), rule: z.string() })),
    prep: z.array(z.object({ session: z.int(), on: day, code: z.string(), text: z.string() })),
    aftercare: z.array(
      z.object({ code: z.string(), fromHours: z.number(), toHours: z.number().nullable(), text: z.string() }),
    ),
    expectations: z.array(
      z.object({ code: z.string(), fromDays: z.number(), toDays: z.number(), text: z.string() }),
    ),
    redFlags: z.array(z.object({ code: z.string(), text: z.string(), afterHours: z.number() })),
    overrides: z.array(
      z.object({ code: z.string(), reason: z.string(), by: z.string(), applied: z.boolean() }),
    ),
    explanation: z.array(z.object({ rule: z.string(), path: z.string(), detail: z.string() })),
    /** The Fitzpatrick skin type's advice; null (or absent, in plans stored before it) without a skin type. */
    skinType: z
      .object({ skinType: z.string(), pihRisk: z.boolean(), warning: z.string().nullable() })
      .nullable()
      .optional(),
    /** Each routine product with its dated pauses around every planned session. */
    routine: z
      .array(
        z.object({
          kind: z.string(),
          productId: z.string().nullable(),
          name: z.string(),
          times: z.array(z.string()),
          label: z.string(),
          advice: z.string(),
          medication: z.string().nullable(),
          pausedAroundSessions: z.boolean(),
          pauses: z.array(
            z.object({ sessions: z.array(z.int()), stopOn: day, resumeOn: day, shortened: z.boolean() }),
          ),
        }),
      )
      .optional(),
  })
  .meta({ id: "StoredPlan" });

export const planSummary = z.object({
  id,
  status: z.enum(["draft", "accepted", "superseded"]),
  protocolVersion: z.string(),
  intakeVersion: z.int(),
  createdAt: instantOut,
  acceptedAt: instantOut.nullable(),
});

export const reviewQueueQuery = z.strictObject({ limit: limit(200, 50), offset });

export const reviewQueueResponse = z.object({
  items: z.array(
    z.object({
      planId: id,
      patientId: id,
      patientName: z.string(),
      createdAt: instantOut,
      protocolVersion: z.string(),
      intakeVersion: z.int(),
      reasons: z.array(z.object({ code: z.string(), kind: z.string(), detail: z.string() })),
    }),
  ),
  /** How many plans await review in all. */
  total: z.int(),
});
