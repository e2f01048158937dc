import { z } from "zod";
import { text } from "../validation/text.js";

/**
 * The events a clinic may subscribe a webhook endpoint to. `booking.rescheduled` is any move of
 * an appointment; `booking.completed` is a session marked done; `booking.no_show` a patient who
 * did not come; `alert.raised` a patient's check-in outside the expected course.
 */
export const WEBHOOK_EVENT_TYPES = [
  "booking.created",
  "booking.rescheduled",
  "booking.cancelled",
  "booking.completed",
  "booking.no_show",
  "alert.raised",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** A clinic's receiver of events. Its signing secret is never part of this value. */
export interface WebhookEndpoint {
  id: string;
  clinicId: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  active: boolean;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

/** One try to hand one event to one endpoint, as the delivery log shows it. */
export interface WebhookAttempt {
  /** 1 for the first try, counting on across redeliveries. */
  number: number;
  at: string;
  /** The receiver's HTTP status; null when no answer came (refused, timed out). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The start of the receiver's answer, at most `WEBHOOK_RESPONSE_EXCERPT_BYTES`. */
  responseExcerpt: string | null;
}

/** One event owed to one endpoint. The event id is what the receiver dedupes on. */
export interface WebhookDelivery {
  endpointId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  /** Tries since it was last queued (a redelivery starts again at 0). */
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt: string | null;
  attemptLog: WebhookAttempt[];
}

/** How much of a receiver's answer the log keeps: enough to read an error, never a payload. */
export const WEBHOOK_RESPONSE_EXCERPT_BYTES = 1024;

/** Receivers look for these headers. */
export const WEBHOOK_SIGNATURE_HEADER = "Regimen-Signature";
export const WEBHOOK_EVENT_ID_HEADER = "Regimen-Event-Id";

/**
 * An endpoint's address: http or https, with a host, no credentials in it (they would show in
 * every list and log). At most 2,000 characters.
 */
export const webhookUrl = text({ max: 2000 }).superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be an absolute http or https URL" });
    return;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    ctx.addIssue({ code: "custom", message: "must be an http or https URL" });
  } else if (url.username !== "" || url.password !== "") {
    ctx.addIssue({ code: "custom", message: "must not hold a user name or password" });
  }
});

export const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES);

/** The event types of an endpoint: at least one, each once (duplicates collapse, in list order). */
export const webhookEventTypes = z
  .array(webhookEventType)
  .min(1, "must name at least one event type")
  .max(WEBHOOK_EVENT_TYPES.length * 2)
  .transform((types) => [...new Set(types)]);

/**
 * What a webhook says about an event: ids and times only. A receiver that needs more asks the API
 * with its own credentials, so nothing about a patient's health travels in a webhook body (an
 * alert names the alert and the patient, not what the patient reported). Null for events that are
 * not sent as webhooks.
 */
export function webhookData(type: string, payload: Record<string, unknown>): Record<string, unknown> | null {
  if (!isWebhookEventType(type)) return null;
  if (type === "alert.raised") {
    return { alertId: stringOrNull(payload.alertId), patientId: stringOrNull(payload.patientId) };
  }
  const booking: Record<string, unknown> = {
    bookingId: stringOrNull(payload.bookingId),
    patientId: stringOrNull(payload.patientId),
    providerId: stringOrNull(payload.providerId),
    roomId: stringOrNull(payload.roomId),
    seriesId: stringOrNull(payload.seriesId),
    startsAt: stringOrNull(payload.startsAt),
    endsAt: stringOrNull(payload.endsAt),
    status: stringOrNull(payload.status),
  };
  if (type === "booking.rescheduled") booking.previousStartsAt = stringOrNull(payload.previousStartsAt);
  if (type === "booking.cancelled") booking.lateCancel = payload.lateCancel === true;
  return booking;
}

/**
 * The exact body sent (and signed) for an event. Built once when the event happens, so every
 * attempt and every redelivery sends the same bytes.
 */
export function webhookBody(event: {
  id: string;
  type: string;
  createdAt: string;
  clinicSlug: string;
  data: Record<string, unknown>;
}): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    clinic: event.clinicSlug,
    data: event.data,
  });
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
