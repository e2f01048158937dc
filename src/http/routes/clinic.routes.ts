import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import { updateService } from "../../store/catalog-admin.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import { isUniqueViolation } from "../../store/db-errors.js";
import { createService, findServiceById, listServices } from "../../store/service.repository.js";
import { legacyRequireClinicRole, noSuchClinic, STAFF_ROLES } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import { clinicResponse, newServiceBody, serviceChangesBody, serviceResponse } from "../schemas/catalog.js";
import { clinicParams, id, problems, queryBoolean, SIGNED_IN, slug } from "../schemas/common.js";
import type { Api } from "./api.js";

export function registerClinicRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug",
    {
      schema: {
        tags: ["clinic"],
        summary: "The clinic's public facts: name, time zone, booking policy",
        params: clinicParams,
        response: { 200: clinicResponse, ...problems(400, 404) },
      },
    },
    async (request) => {
      const clinic = await findClinicBySlug(ctx.store.db, request.params.slug);
      if (!clinic) throw noSuchClinic();
      return clinic;
    },
  );

  api.get(
    "/api/v1/clinics/:slug/services",
    {
      schema: {
        tags: ["clinic"],
        summary: "Bookable services (public); staff may add ?includeInactive=true",
        params: clinicParams,
        querystring: z.strictObject({ includeInactive: queryBoolean.optional() }),
        response: { 200: z.object({ services: z.array(serviceResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const includeInactive = request.query.includeInactive === true;
      const clinic = includeInactive
        ? (await legacyRequireClinicRole(request, ctx, slug, STAFF_ROLES)).clinic
        : await findClinicBySlug(ctx.store.db, slug);
      if (!clinic) throw noSuchClinic();
      return { services: await listServices(ctx.store.db, clinic.id, { activeOnly: !includeInactive }) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/services",
    {
      schema: {
        tags: ["clinic"],
        summary: "Add a service (admin)",
        security: SIGNED_IN,
        params: clinicParams,
        body: newServiceBody,
        response: { 201: serviceResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      try {
        const service = await createService(ctx.store.db, { clinicId: clinic.id, ...request.body });
        return reply.code(201).send(service);
      } catch (error) {
        if (isUniqueViolation(error)) throw codeTaken(request.body.code, error);
        throw error;
      }
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/services/:serviceId",
    {
      schema: {
        tags: ["clinic"],
        summary: "Change a service (admin); its code never changes",
        security: SIGNED_IN,
        params: z.strictObject({ slug, serviceId: id }),
        body: serviceChangesBody,
        response: { 200: serviceResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      const { serviceId } = request.params;
      const found = await updateService(ctx.store.db, clinic.id, serviceId, request.body);
      const service = found ? await findServiceById(ctx.store.db, clinic.id, serviceId) : undefined;
      if (!service) throw new DomainError("not_found", "No such service.");
      return service;
    },
  );
}

function codeTaken(code: string, cause: unknown): DomainError {
  return new DomainError(
    "conflict",
    `The clinic already has a service "${code}".`,
    { fields: [{ path: "code", message: "is already used by another service" }] },
    { cause },
  );
}
