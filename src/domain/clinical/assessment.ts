import { z } from "zod";
import { CONCERNS } from "../protocol/codes.js";
import { text } from "../validation/text.js";

/** How a concern changed since the course began, as the provider judges it. */
export const IMPROVEMENT_SCALE = ["worse", "unchanged", "slight", "moderate", "marked"] as const;
export type Improvement = (typeof IMPROVEMENT_SCALE)[number];

/**
 * A provider's assessment of one session, per concern: a severity score from 0 (none) to 10
 * (most severe), an improvement step, or both; a concern is assessed once per session.
 */
export const assessmentSchema = z
  .array(
    z
      .strictObject({
        concern: z.enum(CONCERNS, {
          error: (i) => (i.input === undefined ? "is required" : "must be one of the concern codes"),
        }),
        score: z
          .int("must be a whole number")
          .min(0, "must be at least 0")
          .max(10, "must be at most 10")
          .nullable()
          .default(null),
        improvement: z.enum(IMPROVEMENT_SCALE).nullable().default(null),
        note: text({ max: 1000 }).nullable().default(null),
      })
      .refine((a) => a.score !== null || a.improvement !== null, {
        message: "needs a score, an improvement, or both",
        path: ["score"],
      }),
  )
  .min(1, "must assess at least one concern")
  .max(CONCERNS.length)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.concern))
        ctx.addIssue({ code: "custom", path: [i, "concern"], message: "is assessed twice" });
      seen.add(item.concern);
    });
  });

export type ConcernAssessment = z.output<typeof assessmentSchema>[number];
