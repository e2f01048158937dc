import { z } from "zod";
import { email, id, instantOut, limit, offset, text, timeZone, trimmedText } from "./common.js";

export const patientResponse = z.object({
  id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  timeZone: z.string(),
});

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{5,30}$/, "must be a phone number");

export const newPatientBody = z.strictObject({
  name: trimmedText(200),
  email: email.nullable().default(null),
  phone: phone.nullable().default(null),
  timeZone,
});

/** A profile edit: any of name, phone (null clears it) and time zone, at least one of them. */
export const patientProfileChangeBody = z
  .strictObject({
    name: trimmedText(200).optional(),
    phone: phone.nullable().optional(),
    timeZone: timeZone.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.name === undefined && body.phone === undefined && body.timeZone === undefined) {
      ctx.addIssue({ code: "custom", message: "give at least one of name, phone, timeZone" });
    }
  });

export const patientSearchQuery = z.strictObject({
  q: text({ max: 100, allowEmpty: true }).optional(),
  limit: limit(200, 50),
  offset,
});

const intakeOut = z.object({
  concerns: z.array(z.object({ code: z.string(), severity: z.string() })),
  medications: z.array(
    z.object({ code: z.string(), ongoing: z.boolean().optional(), lastTakenOn: z.string().optional() }),
  ),
  recentProcedures: z.array(z.object({ code: z.string(), on: z.string() })),
  conditions: z.array(z.string()),
  /** Fitzpatrick skin type (I–VI), when given. */
  skinType: z.string().optional(),
});

export const intakeResponse = z.object({
  patientId: id,
  version: z.int(),
  createdAt: instantOut,
  intake: intakeOut,
  /**
   * Hard blocks and review reasons this version removed. Until a provider confirms it
   * (`confirmedAt`), no treatment can be booked.
   */
  removed: z.array(z.string()),
  awaitingConfirmation: z.boolean(),
  confirmedAt: instantOut.nullable(),
});

export const intakeConfirmation = z.strictObject({
  /** The version the provider reviewed: only the latest can be confirmed. */
  version: z.int().min(1).max(1_000_000),
});
