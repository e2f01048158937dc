import { z } from "zod";

/** The clinic's current protocol as the public education pages read it. */
export const educationResponse = z.object({
  clinic: z.object({ slug: z.string(), name: z.string() }),
  protocolVersion: z.string(),
  sessionsBySeverity: z.record(z.string(), z.number()),
  interval: z.object({ minDays: z.number(), targetMinDays: z.number(), targetMaxDays: z.number() }),
  maintenanceEveryMonths: z.number(),
  washouts: z.array(
    z.object({
      kind: z.enum(["medication", "procedure"]),
      code: z.string(),
      label: z.string(),
      days: z.number().nullable(),
      needsReview: z.boolean(),
    }),
  ),
  prep: z.object({
    exfoliateDaysBefore: z.array(z.number()),
    noExfoliationDaysBefore: z.number(),
    avoidSunDaysBefore: z.number(),
    antiviralDaysBefore: z.number(),
  }),
  aftercare: z.array(
    z.object({ code: z.string(), text: z.string(), fromHours: z.number(), toHours: z.number().nullable() }),
  ),
  expectations: z.array(
    z.object({ code: z.string(), text: z.string(), fromDays: z.number(), toDays: z.number() }),
  ),
});
