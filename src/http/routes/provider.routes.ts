import { z } from "zod";
import { DomainError, type FieldProblem } from "../../domain/errors.js";
import { deleteProviderHoursException, updateProvider } from "../../store/catalog-admin.repository.js";
import {
  addHoursException,
  createProvider,
  findProviderById,
  listHoursExceptions,
  listProviders,
  replaceWorkingHours,
} from "../../store/provider.repository.js";
import type { Executor } from "../../store/schema.js";
import { listServices } from "../../store/service.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { legacyRequireClinicRole, STAFF_ROLES } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import {
  hoursExceptionResponse,
  hoursExceptionWindowQuery,
  newHoursExceptionBody,
  newProviderBody,
  providerChangesBody,
  providerResponse,
  weeklyHoursBody,
} from "../schemas/catalog.js";
import { clinicParams, id, problems, SIGNED_IN, slug } from "../schemas/common.js";
import type { Api } from "./api.js";

const providerParams = z.strictObject({ slug, providerId: id });

export function registerProviderRoutes(api: Api, ctx: AppContext): void {
  const tags = ["providers"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/clinics/:slug/providers",
    {
      schema: {
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
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, STAFF_ROLES);
      return { providers: await listProviders(ctx.store.db, clinic.id) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/providers",
    {
      schema: {
        tags,
        security,
        summary: "Add a provider (admin); skills are service codes",
        params: clinicParams,
        body: newProviderBody,
        response: { 201: providerResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      await assertKnownSkills(ctx.store.db, clinic.id, request.body.skills);
      const provider = await withWriteTransaction(ctx.store, (trx) =>
        createProvider(trx, { clinicId: clinic.id, ...request.body }),
      );
      return reply.code(201).send(provider);
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/providers/:providerId",
    {
      schema: {
        tags,
        security,
        summary: "Change a provider's name, skills or active flag (admin)",
        params: providerParams,
        body: providerChangesBody,
        response: { 200: providerResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      if (request.body.skills) await assertKnownSkills(ctx.store.db, clinic.id, request.body.skills);
      const { providerId } = request.params;
      const found = await updateProvider(ctx.store.db, clinic.id, providerId, request.body);
      const provider = found ? await findProviderById(ctx.store.db, clinic.id, providerId) : undefined;
      if (!provider) throw noSuchProvider();
      return provider;
    },
  );

  api.put(
    "/api/v1/clinics/:slug/providers/:providerId/hours",
    {
      schema: {
        tags,
        security,
        summary: "Replace a provider's weekly hours (admin); times are the clinic's wall clock",
        params: providerParams,
        body: weeklyHoursBody,
        response: { 200: providerResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      const { providerId } = request.params;
      const provider = await withWriteTransaction(ctx.store, async (trx) => {
        if (!(await findProviderById(trx, clinic.id, providerId))) return undefined;
        await replaceWorkingHours(trx, providerId, request.body.weeklyHours);
        return findProviderById(trx, clinic.id, providerId);
      });
      if (!provider) throw noSuchProvider();
      return provider;
    },
  );

  api.get(
    "/api/v1/clinics/:slug/providers/:providerId/hours-exceptions",
    {
      schema: {
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
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, STAFF_ROLES);
      const { providerId } = request.params;
      if (!(await findProviderById(ctx.store.db, clinic.id, providerId))) throw noSuchProvider();
      const { from, to } = request.query;
      return {
        exceptions: await listHoursExceptions(ctx.store.db, { clinicId: clinic.id, providerId }, from, to),
      };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/providers/:providerId/hours-exceptions",
    {
      schema: {
        tags,
        security,
        summary: "Add time off or extra hours (admin)",
        params: providerParams,
        body: newHoursExceptionBody,
        response: { 201: hoursExceptionResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      const { providerId } = request.params;
      if (!(await findProviderById(ctx.store.db, clinic.id, providerId))) throw noSuchProvider();
      const exception = await addHoursException(ctx.store.db, {
        clinicId: clinic.id,
        providerId,
        ...request.body,
      });
      return reply.code(201).send(exception);
    },
  );

  api.delete(
    "/api/v1/clinics/:slug/providers/:providerId/hours-exceptions/:exceptionId",
    {
      schema: {
        tags,
        security,
        summary: "Remove time off or extra hours (admin)",
        params: z.strictObject({ slug, providerId: id, exceptionId: id }),
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      const { providerId, exceptionId } = request.params;
      const deleted = await deleteProviderHoursException(ctx.store.db, clinic.id, providerId, exceptionId);
      if (!deleted) throw new DomainError("not_found", "No such time off or extra hours.");
      return reply.code(204).send(null);
    },
  );
}

function noSuchProvider(): DomainError {
  return new DomainError("not_found", "No such provider.");
}

/** Skills name services; a typo would silently make a provider unbookable. */
async function assertKnownSkills(db: Executor, clinicId: string, skills: readonly string[]): Promise<void> {
  const known = new Set((await listServices(db, clinicId)).map((s) => s.code));
  const fields: FieldProblem[] = [];
  skills.forEach((skill, i) => {
    if (!known.has(skill))
      fields.push({ path: `skills[${i}]`, message: `no service "${skill}" in this clinic` });
  });
  if (fields.length > 0) throw new DomainError("invalid_input", "Unknown skills.", { fields });
}
