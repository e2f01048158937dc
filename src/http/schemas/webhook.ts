import { z } from "zod";
import type { WebhookDelivery, WebhookEndpoint } from "../../domain/webhooks/webhooks.js";
import { WEBHOOK_EVENT_TYPES, webhookEventTypes, webhookUrl } from "../../domain/webhooks/webhooks.js";
import { id, instantOut, limit, offset, slug, trimmedText } from "./common.js";

/** Outbox event ids: the event's time in hex, a counter, randomness (see outbox.repository.ts). */
export const eventId = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be an event id") })
  .regex(/^[0-9a-f]{12}-[0-9a-f]{6}-[0-9a-f]{16}$/, "must be an event id");

export const webhookParams = z.strictObject({ slug, webhookId: id });
export const webhookDeliveryParams = z.strictObject({ slug, webhookId: id, eventId });

export const newWebhookBody = z.strictObject({
  url: webhookUrl,
  description: trimmedText(200).nullable().default(null),
  eventTypes: webhookEventTypes,
  active: z.boolean().default(true),
});

export const webhookChangesBody = z
  .strictObject({
    url: webhookUrl.optional(),
    description: trimmedText(200).nullable().optional(),
    eventTypes: webhookEventTypes.optional(),
    active: z.boolean().optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: "must change something" });

export const webhookDeliveriesQuery = z.strictObject({ limit: limit(100, 20), offset });

export const webhookResponse = z.object({
  id,
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  active: z.boolean(),
  createdAt: instantOut,
  createdBy: z.string().nullable(),
  updatedAt: instantOut,
});

export const webhookWithSecretResponse = webhookResponse.extend({
  secret: z
    .string()
    .meta({ description: "The signing secret. Shown now only: store it where the receiver reads it." }),
});

const attemptResponse = z.object({
  number: z.int(),
  at: instantOut,
  statusCode: z.int().nullable(),
  durationMs: z.int(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
});

export const webhookDeliveryResponse = z.object({
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.int(),
  nextAttemptAt: instantOut,
  createdAt: instantOut,
  deliveredAt: instantOut.nullable(),
  attemptLog: z.array(attemptResponse),
});

export function webhookOut(endpoint: WebhookEndpoint): z.infer<typeof webhookResponse> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    active: endpoint.active,
    createdAt: endpoint.createdAt,
    createdBy: endpoint.createdBy,
    updatedAt: endpoint.updatedAt,
  };
}

export function webhookDeliveryOut(delivery: WebhookDelivery): z.infer<typeof webhookDeliveryResponse> {
  return {
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt,
    createdAt: delivery.createdAt,
    deliveredAt: delivery.deliveredAt,
    attemptLog: delivery.attemptLog,
  };
}
