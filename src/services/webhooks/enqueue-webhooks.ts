import type { OutboxEvent } from "../../domain/booking/types.js";
import type { Clinic } from "../../domain/clinic/types.js";
import { webhookBody, webhookData } from "../../domain/webhooks/webhooks.js";
import { findClinicById } from "../../store/clinic.repository.js";
import type { Executor } from "../../store/schema.js";
import { insertWebhookDeliveries } from "../../store/webhook.repository.js";

/**
 * Owes an outbox event to the clinic's webhook endpoints subscribed to its type, in the
 * transaction that appended it (see `recordEvent`, which calls this). The body is built here,
 * once: every try sends the same bytes. Events no webhook carries are ignored. `known` is the
 * event's clinic when the caller already holds it (its slug is part of the body).
 */
export async function enqueueWebhookDeliveries(
  db: Executor,
  event: OutboxEvent,
  known?: Clinic,
): Promise<void> {
  const data = webhookData(event.type, event.payload);
  if (data === null) return;
  const clinic = known?.id === event.clinicId ? known : await findClinicById(db, event.clinicId);
  if (!clinic) return;
  const body = webhookBody({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    clinicSlug: clinic.slug,
    data,
  });
  await insertWebhookDeliveries(db, {
    id: event.id,
    clinicId: event.clinicId,
    type: event.type,
    body,
    createdAt: event.createdAt,
  });
}
