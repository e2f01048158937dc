import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  getMessagePreferencesAs,
  getMessageTemplate,
  listClinicMessages,
  listMessageTemplates,
  listPatientMessagesAs,
  previewMessageTemplate,
  resendMessage,
  resetMessageTemplate,
  saveMessageTemplate,
  setMessagePreferencesAs,
} from "../../services/messages/messages.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import {
  clinicMessagesQuery,
  messageListResponse,
  messageParams,
  messagePreferencesBody,
  messagePreferencesResponse,
  messageResponse,
  previewResponse,
  templateBody,
  templateParams,
  templatePreviewBody,
  templateResponse,
} from "../schemas/message.js";
import type { Api } from "./api.js";

/** What the clinic sent or will send (staff), sending again, and the clinic's wording (admin). */
export function registerMessageRoutes(api: Api, ctx: AppContext): void {
  const tags = ["messages"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/patients/:id/messages",
    {
      schema: {
        operationId: "listPatientMessages",
        tags,
        security,
        summary:
          "A patient's messages: scheduled, sent, failed, cancelled, newest first (the patient, or staff; audited)",
        params: patientParams,
        response: { 200: messageListResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return { messages: await listPatientMessagesAs(deps, principal, request.params.id) };
    },
  );

  api.get(
    "/api/v1/patients/:id/message-preferences",
    {
      schema: {
        operationId: "getMessagePreferences",
        tags,
        security,
        summary:
          "Which optional messages (recall) the patient receives per channel (the patient, or staff; audited)",
        params: patientParams,
        response: { 200: messagePreferencesResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return getMessagePreferencesAs(serviceDepsFor(ctx, principal), principal, request.params.id);
    },
  );

  api.put(
    "/api/v1/patients/:id/message-preferences",
    {
      schema: {
        operationId: "setMessagePreferences",
        tags,
        security,
        summary:
          "Which optional messages (recall) the patient receives per channel (the patient, or staff; audited)",
        description: "Safety messages (aftercare, check-ins, alerts, account mail) cannot be turned off.",
        params: patientParams,
        body: messagePreferencesBody,
        response: { 200: messagePreferencesResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return setMessagePreferencesAs(deps, principal, request.params.id, request.body);
    },
  );

  api.get(
    "/api/v1/clinics/:slug/messages",
    {
      schema: {
        operationId: "listClinicMessages",
        tags,
        security,
        summary: "The clinic's messages in one status, failed by default, newest first (staff)",
        params: clinicParams,
        querystring: clinicMessagesQuery,
        response: { 200: messageListResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const deps = serviceDepsFor(ctx, principal);
      return { messages: await listClinicMessages(deps, principal, request.query.status) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/messages/:messageId/resend",
    {
      schema: {
        operationId: "resendMessage",
        tags,
        security,
        summary: "Send a message again (staff): a failed one is retried as itself, any other is copied",
        description: "409 while it is still pending, or when its one-time link is spent.",
        params: messageParams,
        response: { 201: messageResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const resent = await resendMessage(serviceDepsFor(ctx, principal), principal, request.params.messageId);
      return reply.code(201).send(resent);
    },
  );

  api.get(
    "/api/v1/clinics/:slug/message-templates",
    {
      schema: {
        operationId: "listMessageTemplates",
        tags,
        security,
        summary: "Every message's wording, the clinic's own or the default (admin)",
        params: clinicParams,
        response: {
          200: z.object({ templates: z.array(templateResponse) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      return { templates: await listMessageTemplates(serviceDepsFor(ctx, principal), principal) };
    },
  );

  api.get(
    "/api/v1/clinics/:slug/message-templates/:kind/:channel",
    {
      schema: {
        operationId: "getMessageTemplate",
        tags,
        security,
        summary: "One message's wording (admin)",
        params: templateParams,
        response: { 200: templateResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { kind, channel } = request.params;
      return getMessageTemplate(serviceDepsFor(ctx, principal), principal, kind, channel);
    },
  );

  api.put(
    "/api/v1/clinics/:slug/message-templates/:kind/:channel",
    {
      schema: {
        operationId: "saveMessageTemplate",
        tags,
        security,
        summary: "Write the clinic's own wording of one message (admin); 422 names an unknown {{variable}}",
        params: templateParams,
        body: templateBody,
        response: { 200: templateResponse, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { kind, channel } = request.params;
      return saveMessageTemplate(serviceDepsFor(ctx, principal), principal, kind, channel, request.body);
    },
  );

  api.delete(
    "/api/v1/clinics/:slug/message-templates/:kind/:channel",
    {
      schema: {
        operationId: "resetMessageTemplate",
        tags,
        security,
        summary: "Go back to the default wording of one message (admin)",
        params: templateParams,
        response: { 200: templateResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { kind, channel } = request.params;
      return resetMessageTemplate(serviceDepsFor(ctx, principal), principal, kind, channel);
    },
  );

  api.post(
    "/api/v1/clinics/:slug/message-templates/:kind/:channel/preview",
    {
      schema: {
        operationId: "previewMessageTemplate",
        tags,
        security,
        summary: "The message filled with sample values: the draft given, else the wording in use (admin)",
        params: templateParams,
        body: templatePreviewBody,
        response: { 200: previewResponse, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { kind, channel } = request.params;
      return previewMessageTemplate(
        serviceDepsFor(ctx, principal),
        principal,
        kind,
        channel,
        request.body.template,
      );
    },
  );
}
