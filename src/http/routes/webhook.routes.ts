import { z } from "zod";
import {
  addClinicWebhook,
  changeClinicWebhook,
  getClinicWebhook,
  listClinicWebhookDeliveries,
  listClinicWebhooks,
  redeliverClinicWebhook,
  removeClinicWebhook,
  rotateClinicWebhookSecret,
} from "../../services/webhooks/webhooks.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import { clinicParams, problems, SIGNED_IN } from "../schemas/common.js";
import {
  newWebhookBody,
  webhookChangesBody,
  webhookDeliveriesQuery,
  webhookDeliveryOut,
  webhookDeliveryParams,
  webhookDeliveryResponse,
  webhookOut,
  webhookParams,
  webhookResponse,
  webhookWithSecretResponse,
} from "../schemas/webhook.js";
import type { Api } from "./api.js";

const SIGNATURE_NOTE =
  "Each delivery is a POST of JSON `{ id, type, createdAt, clinic, data }` with headers " +
  "`Regimen-Event-Id` (the event id; dedupe on it) and `Regimen-Signature: t=<unix seconds>,v1=<hex " +
  'HMAC-SHA256 of "<t>.<body>" keyed with the secret>`. A 2xx answer delivers it; anything else is retried.';

/** A clinic's webhook endpoints and their delivery log: admins only. */
export function registerWebhookRoutes(api: Api, ctx: AppContext): void {
  const tags = ["webhooks"];
  const security = SIGNED_IN;
  const base = "/api/v1/clinics/:slug/webhooks";

  api.get(
    base,
    {
      schema: {
        operationId: "listClinicWebhooks",
        tags,
        security,
        summary: "The clinic's webhook endpoints, oldest first (admin)",
        params: clinicParams,
        response: { 200: z.object({ webhooks: z.array(webhookResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const endpoints = await listClinicWebhooks(serviceDepsFor(ctx, principal), principal);
      return { webhooks: endpoints.map(webhookOut) };
    },
  );

  api.post(
    base,
    {
      schema: {
        operationId: "createClinicWebhook",
        tags,
        security,
        summary: "Add a webhook endpoint; the answer holds its signing secret, shown this once (admin)",
        description: SIGNATURE_NOTE,
        params: clinicParams,
        body: newWebhookBody,
        response: { 201: webhookWithSecretResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { endpoint, secret } = await addClinicWebhook(
        serviceDepsFor(ctx, principal),
        principal,
        request.body,
      );
      return reply.code(201).send({ ...webhookOut(endpoint), secret });
    },
  );

  api.get(
    `${base}/:webhookId`,
    {
      schema: {
        operationId: "getClinicWebhook",
        tags,
        security,
        summary: "One webhook endpoint, without its secret (admin)",
        params: webhookParams,
        response: { 200: webhookResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      return webhookOut(await getClinicWebhook(deps, principal, request.params.webhookId));
    },
  );

  api.patch(
    `${base}/:webhookId`,
    {
      schema: {
        operationId: "updateClinicWebhook",
        tags,
        security,
        summary: "Change an endpoint's URL, description, event types, or pause it (admin)",
        description: "A paused endpoint (`active: false`) is owed no new events; those already owed wait.",
        params: webhookParams,
        body: webhookChangesBody,
        response: { 200: webhookResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      return webhookOut(await changeClinicWebhook(deps, principal, request.params.webhookId, request.body));
    },
  );

  api.delete(
    `${base}/:webhookId`,
    {
      schema: {
        operationId: "deleteClinicWebhook",
        tags,
        security,
        summary: "Delete a webhook endpoint with its delivery log (admin)",
        params: webhookParams,
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      await removeClinicWebhook(serviceDepsFor(ctx, principal), principal, request.params.webhookId);
      return reply.code(204).send(null);
    },
  );

  api.post(
    `${base}/:webhookId/rotate-secret`,
    {
      schema: {
        operationId: "rotateClinicWebhookSecret",
        tags,
        security,
        summary:
          "Replace an endpoint's signing secret at once; the answer holds the new one, shown this once (admin)",
        params: webhookParams,
        response: { 200: webhookWithSecretResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      const { endpoint, secret } = await rotateClinicWebhookSecret(deps, principal, request.params.webhookId);
      return { ...webhookOut(endpoint), secret };
    },
  );

  api.get(
    `${base}/:webhookId/deliveries`,
    {
      schema: {
        operationId: "listClinicWebhookDeliveries",
        tags,
        security,
        summary: "An endpoint's delivery log, newest first, each delivery with its tries (admin)",
        params: webhookParams,
        querystring: webhookDeliveriesQuery,
        response: {
          200: z.object({ deliveries: z.array(webhookDeliveryResponse) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      const deliveries = await listClinicWebhookDeliveries(
        deps,
        principal,
        request.params.webhookId,
        request.query,
      );
      return { deliveries: deliveries.map(webhookDeliveryOut) };
    },
  );

  api.post(
    `${base}/:webhookId/deliveries/:eventId/redeliver`,
    {
      schema: {
        operationId: "redeliverClinicWebhook",
        tags,
        security,
        summary: "Send a delivered or failed event to the endpoint again, with the same event id (admin)",
        params: webhookDeliveryParams,
        response: { 202: webhookDeliveryResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { webhookId, eventId } = request.params;
      const delivery = await redeliverClinicWebhook(
        serviceDepsFor(ctx, principal),
        principal,
        webhookId,
        eventId,
      );
      return reply.code(202).send(webhookDeliveryOut(delivery));
    },
  );
}
