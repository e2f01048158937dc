import { z } from "zod";
import { assessmentSchema, IMPROVEMENT_SCALE } from "../../domain/clinical/assessment.js";
import { chartChangesSchema, sessionChartSchema } from "../../domain/clinical/chart.js";
import { CONSENT_KINDS } from "../../domain/clinical/consent.js";
import { PHOTO_ANGLES, PHOTO_TAKEN } from "../../domain/clinical/photos.js";
import { id, instantOut, noteText, text } from "./common.js";

export const consentKind = z.enum(CONSENT_KINDS, {
  error: (i) => (i.input === undefined ? "is required" : `must be one of ${CONSENT_KINDS.join(", ")}`),
});

export const consentTemplateResponse = z.object({
  /** The form's id: its kind, one form per kind. */
  kind: consentKind,
  version: z.int(),
  title: z.string(),
  body: z.string(),
  /** Null for the built-in version 1. */
  publishedAt: instantOut.nullable(),
});

export const newConsentTemplateBody = z.strictObject({
  kind: consentKind,
  title: text({ max: 200 }),
  body: noteText(20_000),
});

export const signConsentBody = z.strictObject({
  /** The form's id (its kind) and the version the patient read. */
  template: consentKind,
  version: z.int().min(1).max(1_000_000),
  /** The patient's name, typed as their signature. */
  typedName: text({ max: 200 }),
});

export const signedConsentResponse = z.object({
  id: z.string(),
  patientId: z.string(),
  kind: consentKind,
  templateVersion: z.int(),
  typedName: z.string(),
  signedAt: instantOut,
  ip: z.string(),
  userAgent: z.string().nullable(),
});

export const patientConsentsResponse = z.object({
  consents: z.array(signedConsentResponse),
  standing: z.array(
    z.object({
      kind: consentKind,
      status: z.enum(["signed", "missing", "outdated"]),
      currentVersion: z.int(),
      signedVersion: z.int().nullable(),
    }),
  ),
});

export const chartBody = sessionChartSchema;

export const amendmentBody = z.strictObject({
  reason: text({ max: 500 }),
  /** The fields to change, each with its whole new value. */
  changes: chartChangesSchema,
});

const chartOut = z
  .looseObject({})
  .meta({ description: "A session chart as `PUT …/chart` takes it, defaults filled" });

export const chartResponse = z.object({
  bookingId: z.string(),
  patientId: z.string(),
  status: z.enum(["none", "draft", "signed"]),
  chart: chartOut.nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: instantOut.nullable(),
  signedBy: z.string().nullable(),
  signedAt: instantOut.nullable(),
  amendments: z.array(
    z.object({
      id: z.string(),
      bookingId: z.string(),
      authorId: z.string(),
      authorName: z.string(),
      at: instantOut,
      reason: z.string(),
      changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    }),
  ),
  previous: z
    .object({ bookingId: z.string(), startsAt: instantOut, chart: chartOut })
    .nullable()
    .meta({ description: "The patient's previous charted session: the usual starting point" }),
});

export const photoAngle = z.enum(PHOTO_ANGLES, {
  error: (i) => (i.input === undefined ? "is required" : `must be one of ${PHOTO_ANGLES.join(", ")}`),
});

/** The form fields beside the file of a photo upload. */
export const photoFields = z.strictObject({
  angle: photoAngle,
  taken: z.enum(PHOTO_TAKEN, {
    error: (i) => (i.input === undefined ? "is required" : `must be one of ${PHOTO_TAKEN.join(", ")}`),
  }),
  /** The session the photo belongs to, if any. */
  bookingId: id.optional(),
});

export const photoParams = z.strictObject({ id, photoId: id });

export const photoResponse = z.object({
  id: z.string(),
  patientId: z.string(),
  bookingId: z.string().nullable(),
  angle: photoAngle,
  taken: z.enum(PHOTO_TAKEN),
  mediaType: z.string(),
  width: z.int(),
  height: z.int(),
  uploadedBy: z.string(),
  uploadedAt: instantOut,
});

export const compareQuery = z.strictObject({ angle: photoAngle });

const pair = z.object({ before: photoResponse.nullable(), after: photoResponse.nullable() });

export const compareResponse = z.object({
  angle: photoAngle,
  overall: pair,
  sessions: z.array(pair.extend({ bookingId: z.string().nullable() })),
});

export const assessmentBody = z.strictObject({ concerns: assessmentSchema });

export const assessmentResponse = z.object({
  bookingId: z.string(),
  patientId: z.string(),
  concerns: z.array(
    z.object({
      concern: z.string(),
      score: z.int().nullable(),
      improvement: z.enum(IMPROVEMENT_SCALE).nullable(),
      note: z.string().nullable(),
    }),
  ),
  assessedBy: z.string(),
  assessedAt: instantOut,
});
