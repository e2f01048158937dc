import type { OutboxEvent } from "../../domain/booking/types.js";
import type { Clinic } from "../../domain/clinic/types.js";
import { webhookBody, webhookData } from "../../domain/webhooks/webhooks.js";
import { findClinicById } from "../../store/clinic.repository.js";
import type { Executor } from "../../store/schema.js";
import type { NewWebhookDeliveries } from "../../store/webhook.repository.js";

/**
 * What an outbox event owes the clinic's webhook endpoints subscribed to its type: the body, built
 * here once (every try sends the same bytes); `recordEvent` writes the deliveries with the event.
 * Null for an event no webhook carries. `known` is the event's clinic when the caller already
 * holds it (its slug is part of the body).
 */
export async function planWebhookDeliveries(
  db: Executor,
  event: OutboxEvent,
  known?: Clinic,
): Promise<NewWebhookDeliveries | null> {
  const data = webhookData(event.type, event.payload);
  if (data === null) return null;
  const clinic = known?.id === event.clinicId ? known : await findClinicById(db, event.clinicId);
  if (!clinic) return null;
  const body = webhookBody({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    clinicSlug: clinic.slug,
    data,
  });
  return { id: event.id, clinicId: event.clinicId, type: event.type, body, createdAt: event.createdAt };
}
