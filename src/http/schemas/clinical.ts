import { z } from "zod";
import { CONSENT_KINDS } from "../../domain/clinical/consent.js";
import { instantOut, noteText, text } from "./common.js";

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
