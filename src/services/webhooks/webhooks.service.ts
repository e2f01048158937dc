import { randomBytes } from "node:crypto";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from "../../domain/webhooks/webhooks.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  findWebhookDelivery,
  findWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  requeueWebhookDelivery,
  setWebhookEndpointSecret,
  updateWebhookEndpoint,
  type WebhookEndpointChanges,
} from "../../store/webhook.repository.js";
import { auditSetupChange, auditStaffAction } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

/** A clinic may keep this many endpoints: each one multiplies every event's work. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

export interface NewWebhookEndpointInput {
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  active: boolean;
}

/** An endpoint with its signing secret: answered once, when made or rotated, never again. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** The principal's clinic's endpoints, oldest first (admins). */
export async function listClinicWebhooks(
  deps: ServiceDeps,
  principal: SessionPrincipal,
): Promise<WebhookEndpoint[]> {
  return listWebhookEndpoints(deps.store.db, principal.clinicId);
}

export async function getClinicWebhook(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  endpointId: string,
): Promise<WebhookEndpoint> {
  return endpointOrFail(deps.store.db, principal, endpointId);
}

export async function addClinicWebhook(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  input: NewWebhookEndpointInput,
): Promise<WebhookEndpointWithSecret> {
  return withWriteTransaction(deps.store, async (trx) => {
    const existing = await listWebhookEndpoints(trx, principal.clinicId);
    if (existing.length >= MAX_WEBHOOK_ENDPOINTS) {
      throw new DomainError(
        "limit_reached",
        `A clinic keeps at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints.`,
      );
    }
    const at = deps.clock.now().toString();
    const secret = newWebhookSecret();
    const endpoint = await createWebhookEndpoint(trx, {
      ...input,
      clinicId: principal.clinicId,
      secret,
      createdAt: at,
      createdBy: principal.accountId,
    });
    await auditSetupChange(trx, principal, "webhook.create", at, target(endpoint.id), {
      eventTypes: endpoint.eventTypes,
      active: endpoint.active,
    });
    return { endpoint, secret };
  });
}

export async function changeClinicWebhook(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  endpointId: string,
  changes: WebhookEndpointChanges,
): Promise<WebhookEndpoint> {
  return withWriteTransaction(deps.store, async (trx) => {
    const at = deps.clock.now().toString();
    if (!(await updateWebhookEndpoint(trx, principal.clinicId, endpointId, changes, at)))
      throw noSuchWebhook();
    const endpoint = await endpointOrFail(trx, principal, endpointId);
    await auditSetupChange(trx, principal, "webhook.change", at, target(endpointId), {
      changed: Object.keys(changes).filter(
        (key) => changes[key as keyof WebhookEndpointChanges] !== undefined,
      ),
    });
    return endpoint;
  });
}

/**
 * A new signing secret, in force at once: bodies signed from now on use it, and a receiver still
 * holding the old one refuses them until it is given the new one.
 */
export async function rotateClinicWebhookSecret(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  endpointId: string,
): Promise<WebhookEndpointWithSecret> {
  return withWriteTransaction(deps.store, async (trx) => {
    const at = deps.clock.now().toString();
    const secret = newWebhookSecret();
    if (!(await setWebhookEndpointSecret(trx, principal.clinicId, endpointId, secret, at)))
      throw noSuchWebhook();
    const endpoint = await endpointOrFail(trx, principal, endpointId);
    await auditSetupChange(trx, principal, "webhook.rotate_secret", at, target(endpointId));
    return { endpoint, secret };
  });
}

/** Deletes the endpoint, with what it was still owed and its delivery log. */
export async function removeClinicWebhook(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  endpointId: string,
): Promise<void> {
  await withWriteTransaction(deps.store, async (trx) => {
    if (!(await deleteWebhookEndpoint(trx, principal.clinicId, endpointId))) throw noSuchWebhook();
    await auditSetupChange(trx, principal, "webhook.delete", deps.clock.now().toString(), target(endpointId));
  });
}

/** The delivery log of one endpoint, newest first. */
export async function listClinicWebhookDeliveries(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  endpointId: string,
  page: { limit: number; offset: number },
): Promise<WebhookDelivery[]> {
  await endpointOrFail(deps.store.db, principal, endpointId);
  return listWebhookDeliveries(deps.store.db, endpointId, page);
}

/**
 * Sends a delivered or failed event to the endpoint again, soon, with the same event id and body
 * (signed afresh). One still pending is a conflict: it goes out anyway.
 */
export async function redeliverClinicWebhook(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  endpointId: string,
  eventId: string,
): Promise<WebhookDelivery> {
  return withWriteTransaction(deps.store, async (trx) => {
    await endpointOrFail(trx, principal, endpointId);
    const before = await findWebhookDelivery(trx, endpointId, eventId);
    if (!before) throw new DomainError("not_found", "No such delivery.");
    const at = deps.clock.now().toString();
    if (!(await requeueWebhookDelivery(trx, endpointId, eventId, at))) {
      throw new DomainError(
        "invalid_state",
        "The delivery is still pending: it will be sent without asking.",
      );
    }
    await auditStaffAction(trx, principal, "webhook.redeliver", at, { endpointId, eventId }, null, {
      target: target(endpointId),
    });
    const after = await findWebhookDelivery(trx, endpointId, eventId);
    if (!after) throw new DomainError("not_found", "No such delivery.");
    return after;
  });
}

/** 32 random bytes: the HMAC key, prefixed so that a leaked one is recognisable in a scan. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

async function endpointOrFail(
  db: Executor,
  principal: SessionPrincipal,
  endpointId: string,
): Promise<WebhookEndpoint> {
  const endpoint = await findWebhookEndpoint(db, principal.clinicId, endpointId);
  if (!endpoint) throw noSuchWebhook();
  return endpoint;
}

function noSuchWebhook(): DomainError {
  return new DomainError("not_found", "No such webhook endpoint.");
}

function target(endpointId: string) {
  return { type: "webhook_endpoint", id: endpointId };
}
