import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  addProvider,
  addProviderHoursException,
  changeProvider,
  listClinicProviders,
  listProviderHoursExceptions,
  removeProviderHoursException,
  replaceProviderWeek,
} from "../../services/clinic/providers.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import {
  CONFLICT_NOTE,
  hoursExceptionResponse,
  hoursExceptionWindowQuery,
  newHoursExceptionBody,
  newProviderBody,
  providerChangesBody,
  providerResponse,
  weeklyHoursBody,
} from "../schemas/catalog.js";
import { clinicParams, id, problems, queryBoolean, SIGNED_IN, slug } from "../schemas/common.js";
import type { Api } from "./api.js";

const providerParams = z.strictObject({ slug, providerId: id });

export function registerProviderRoutes(api: Api, ctx: AppContext): void {
  const tags = ["providers"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/clinics/:slug/providers",
    {
      schema: {
        operationId: "listProviders",
        tags,
        security,
        summary: "Providers with their weekly hours (staff)",
        params: clinicParams,
        response: {
          200: z.object({ providers: z.array(providerResponse) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      return { providers: await listClinicProviders(serviceDepsFor(ctx, principal), principal) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/providers",
    {
      schema: {
        operationId: "createProvider",
        tags,
        security,
        summary: "Add a provider (admin); skills are service codes",
        params: clinicParams,
        body: newProviderBody,
        response: { 201: providerResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const provider = await addProvider(serviceDepsFor(ctx, principal), principal, request.body);
      return reply.code(201).send(provider);
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/providers/:providerId",
    {
      schema: {
        operationId: "updateProvider",
        tags,
        security,
        summary: "Change a provider's name, skills or active flag (admin)",
        description: CONFLICT_NOTE,
        params: providerParams,
        body: providerChangesBody,
        response: { 200: providerResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      const { acceptConflicts, ...changes } = request.body;
      return changeProvider(deps, principal, request.params.providerId, changes, { acceptConflicts });
    },
  );

  api.put(
    "/api/v1/clinics/:slug/providers/:providerId/hours",
    {
      schema: {
        operationId: "replaceProviderHours",
        tags,
        security,
        summary: "Replace a provider's weekly hours (admin); times are the clinic's wall clock",
        description: CONFLICT_NOTE,
        params: providerParams,
        body: weeklyHoursBody,
        response: { 200: providerResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      const { weeklyHours, acceptConflicts } = request.body;
      return replaceProviderWeek(deps, principal, request.params.providerId, weeklyHours, {
        acceptConflicts,
      });
    },
  );

  api.get(
    "/api/v1/clinics/:slug/providers/:providerId/hours-exceptions",
    {
      schema: {
        operationId: "listProviderHoursExceptions",
        tags,
        security,
        summary: "A provider's time off and extra hours overlapping [from, to) (staff)",
        params: providerParams,
        querystring: hoursExceptionWindowQuery,
        response: {
          200: z.object({ exceptions: z.array(hoursExceptionResponse) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const deps = serviceDepsFor(ctx, principal);
      const exceptions = await listProviderHoursExceptions(
        deps,
        principal,
        request.params.providerId,
        request.query,
      );
      return { exceptions };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/providers/:providerId/hours-exceptions",
    {
      schema: {
        operationId: "createProviderHoursException",
        tags,
        security,
        summary: "Add time off or extra hours (admin)",
        description: CONFLICT_NOTE,
        params: providerParams,
        body: newHoursExceptionBody,
        response: { 201: hoursExceptionResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      const { acceptConflicts, ...input } = request.body;
      const exception = await addProviderHoursException(deps, principal, request.params.providerId, input, {
        acceptConflicts,
      });
      return reply.code(201).send(exception);
    },
  );

  api.delete(
    "/api/v1/clinics/:slug/providers/:providerId/hours-exceptions/:exceptionId",
    {
      schema: {
        operationId: "deleteProviderHoursException",
        tags,
        security,
        summary: "Remove time off or extra hours (admin)",
        description: `${CONFLICT_NOTE} Here \`acceptConflicts\` is a query parameter.`,
        params: z.strictObject({ slug, providerId: id, exceptionId: id }),
        querystring: z.strictObject({ acceptConflicts: queryBoolean.optional() }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { providerId, exceptionId } = request.params;
      await removeProviderHoursException(serviceDepsFor(ctx, principal), principal, providerId, exceptionId, {
        acceptConflicts: request.query.acceptConflicts,
      });
      return reply.code(204).send(null);
    },
  );
}
