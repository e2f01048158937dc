import type { FastifyRequest } from "fastify";
import { z } from "zod";
import {
  issuePatientCalendarToken,
  issueProviderCalendarToken,
  readCalendarFeed,
  revokePatientCalendarToken,
  revokeProviderCalendarToken,
} from "../../services/calendar/calendar-feed.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import { id, patientParams, problems, SIGNED_IN, slug } from "../schemas/common.js";
import type { Api } from "./api.js";

const calendarLink = z.object({
  url: z.string().meta({
    description:
      "The feed's secret address, shown this once: anyone who has it can read the calendar. Issue a new one to replace it.",
  }),
});

const providerParams = z.strictObject({ slug, providerId: id });

/** The feed token is a path segment; anything that is not a live token is the same 404. */
const feedParams = z.strictObject({ token: z.string().max(200) });

/** Secret calendar feeds for patients and providers, and the public address calendar apps poll. */
export function registerCalendarRoutes(api: Api, ctx: AppContext): void {
  const security = SIGNED_IN;
  const tags = ["calendar feeds"];
  const linkOf = (request: FastifyRequest, token: string) =>
    `${ctx.config.publicOrigin ?? `${request.protocol}://${request.host}`}/api/v1/calendar/${token}.ics`;

  api.post(
    "/api/v1/patients/:id/calendar-token",
    {
      schema: {
        operationId: "issuePatientCalendarToken",
        tags,
        security,
        summary: "Create or replace the patient's calendar feed link (the patient themself)",
        params: patientParams,
        response: { 201: calendarLink, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const token = await issuePatientCalendarToken(
        serviceDepsFor(ctx, principal),
        principal,
        request.params.id,
      );
      return reply.code(201).send({ url: linkOf(request, token) });
    },
  );

  api.delete(
    "/api/v1/patients/:id/calendar-token",
    {
      schema: {
        operationId: "revokePatientCalendarToken",
        tags,
        security,
        summary: "Revoke the patient's calendar feed link (the patient themself)",
        params: patientParams,
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      await revokePatientCalendarToken(serviceDepsFor(ctx, principal), principal, request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    "/api/v1/clinics/:slug/providers/:providerId/calendar-token",
    {
      schema: {
        operationId: "issueProviderCalendarToken",
        tags,
        security,
        summary: "Create or replace a provider's calendar feed link (the provider themself, or an admin)",
        params: providerParams,
        response: { 201: calendarLink, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["provider", "admin"]);
      const deps = serviceDepsFor(ctx, principal);
      const token = await issueProviderCalendarToken(deps, principal, request.params.providerId);
      return reply.code(201).send({ url: linkOf(request, token) });
    },
  );

  api.delete(
    "/api/v1/clinics/:slug/providers/:providerId/calendar-token",
    {
      schema: {
        operationId: "revokeProviderCalendarToken",
        tags,
        security,
        summary: "Revoke a provider's calendar feed link (the provider themself, or an admin)",
        params: providerParams,
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["provider", "admin"]);
      await revokeProviderCalendarToken(serviceDepsFor(ctx, principal), principal, request.params.providerId);
      return reply.code(204).send(null);
    },
  );

  api.get(
    "/api/v1/calendar/:token.ics",
    {
      schema: {
        operationId: "readCalendarFeed",
        tags,
        security: [],
        summary:
          "A calendar feed (iCalendar) for calendar apps: the secret link is the only credential; revoked or unknown links answer 404",
        params: feedParams,
        response: {
          200: {
            description: "An iCalendar document (RFC 5545)",
            content: { "text/calendar": { schema: z.string() } },
          },
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const deps = serviceDepsFor(ctx, null);
      const body = await readCalendarFeed(deps, request.params.token);
      return (
        reply
          .type("text/calendar; charset=utf-8")
          // The link is a secret: keep it and the feed out of shared caches.
          .header("cache-control", "private, no-store")
          .serializer((payload) => payload as string)
          .send(body)
      );
    },
  );
}
