import { z } from "zod";
import { MESSAGE_CHANNELS, MESSAGE_KINDS } from "../../domain/messages/types.js";
import { text } from "../../domain/validation/text.js";
import { id, instantOut, slug } from "./common.js";

export const messageKind = z.enum(MESSAGE_KINDS);
export const messageChannel = z.enum(MESSAGE_CHANNELS as ["email", "sms"]);
export const messageStatus = z.enum(["pending", "sent", "failed", "cancelled"]);

export const messageResponse = z.object({
  id: z.string(),
  kind: messageKind,
  channel: messageChannel,
  recipient: z.string(),
  status: messageStatus,
  sendAt: instantOut,
  sentAt: instantOut.nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable().describe("Why it failed or was cancelled"),
  bookingId: z.string().nullable(),
  patientId: z.string().nullable(),
  createdAt: instantOut,
});

export const messageListResponse = z.object({ messages: z.array(messageResponse) });

export const clinicMessagesQuery = z.strictObject({ status: messageStatus.default("failed") });

export const messageParams = z.strictObject({ slug, messageId: id });

export const templateParams = z.strictObject({ slug, kind: messageKind, channel: messageChannel });

/** Template texts: plain `{{variable}}` substitution; the HTML is the clinic's own markup. */
export const templateBody = z.strictObject({
  subject: text({ max: 300, allowEmpty: true }).default(""),
  text: text({ max: 20_000, multiline: true }),
  html: text({ max: 100_000, multiline: true }).nullable().default(null),
});

export const templatePreviewBody = z.strictObject({ template: templateBody.nullable().default(null) });

export const templateResponse = z.object({
  kind: messageKind,
  channel: messageChannel,
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  custom: z.boolean().describe("True when the clinic wrote its own; false for the default"),
  variables: z.array(z.string()).describe("The {{variables}} this message may use"),
});

export const previewResponse = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
});

const channelChoices = z.strictObject({ email: z.boolean().optional(), sms: z.boolean().optional() });

/** Which optional messages the patient receives, per channel; safety messages are not listed. */
export const messagePreferencesBody = z.strictObject({ recall: channelChoices.optional() });

export const messagePreferencesResponse = z.object({
  recall: z
    .object({ email: z.boolean(), sms: z.boolean() })
    .describe("Maintenance recall: true while received"),
});
