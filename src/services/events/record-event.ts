import type { Booking, OutboxEvent } from "../../domain/booking/types.js";
import type { Patient } from "../../domain/clinic/types.js";
import type { Store } from "../../store/database.js";
import { appendOutboxEvent, type NewOutboxEvent } from "../../store/outbox.repository.js";
import type { Executor } from "../../store/schema.js";
import type { ClinicSetup, ClinicSetupCache } from "../clinic/clinic-setup.js";
import { planMessagesFor } from "../messages/schedule-messages.js";
import { planWebhookDeliveries } from "../webhooks/enqueue-webhooks.js";

/**
 * What the writer of an event already holds, handed on so that the messages and webhooks it
 * calls for need not read it again inside the same transaction. Every field is optional: what is
 * missing is read. Anything given must be as the transaction sees it now (a booking after the
 * change the event reports, not before).
 */
export interface EventContext {
  /** The clinic's setup as the transaction loaded it: its clinic, services and parsed protocol. */
  setup?: ClinicSetup | undefined;
  /** The instance's setup cache, for a writer that did not load the setup itself. */
  setupCache?: ClinicSetupCache | undefined;
  /** The booking the event is about, as changed. */
  booking?: Booking | undefined;
  /** The patient the event is about. */
  patient?: Patient | undefined;
}

/**
 * What of the store an event's writer hands on: its outbox id source (events sort in write order)
 * and its dialect (on PostgreSQL the event and all it owes are one statement).
 */
export type EventStore = Pick<Store, "outboxIds" | "dialect">;

/**
 * Records that something happened, in the transaction that made it happen: the outbox event, the
 * webhook deliveries owed for it and the messages it calls for, so all of them exist exactly when
 * the change does. What the event owes is worked out first and written with it (on PostgreSQL in
 * one statement). The only way code appends an outbox event
 * (test/architecture.test.ts checks that), so no writer can append one and forget its messages.
 */
export async function recordEvent(
  db: Executor,
  store: EventStore,
  input: NewOutboxEvent,
  context: EventContext = {},
): Promise<OutboxEvent> {
  return appendOutboxEvent(db, store.outboxIds, input, {
    dialect: store.dialect,
    dues: async (event) => ({
      webhooks: await planWebhookDeliveries(db, event, context.setup?.clinic),
      messages: await planMessagesFor(db, store.dialect, event, context),
    }),
  });
}
