import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  addClinicService,
  changeClinicService,
  listBookableProviders,
  listClinicServices,
} from "../../services/clinic/catalog.service.js";
import { getClinicBySlugOrFail } from "../../services/clinic/clinic.service.js";
import { changeClinicProfile } from "../../services/clinic/profile.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import { serviceCode } from "../schemas/booking.js";
import { clinicResponse, newServiceBody, serviceChangesBody, serviceResponse } from "../schemas/catalog.js";
import { clinicProfileBody } from "../schemas/clinic-profile.js";
import { clinicParams, id, problems, queryBoolean, SIGNED_IN, slug } from "../schemas/common.js";
import type { Api } from "./api.js";

export function registerClinicRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug",
    {
      schema: {
        operationId: "getClinic",
        tags: ["clinic"],
        summary: "The clinic's public facts: name, address, phone, time zone, booking policy",
        security: [],
        params: clinicParams,
        response: { 200: clinicResponse, ...problems(400, 404) },
      },
    },
    async (request) => getClinicBySlugOrFail(serviceDepsFor(ctx, null), request.params.slug),
  );

  api.patch(
    "/api/v1/clinics/:slug",
    {
      schema: {
        operationId: "updateClinicProfile",
        tags: ["clinic"],
        summary: "Change the clinic's profile (admin): name, address, phone, time zone, booking policy",
        description:
          "At least one field. `policy` holds only the numbers to change; the others stay. " +
          "`address` and `phone` take null to clear them. The slug never changes.",
        security: SIGNED_IN,
        params: clinicParams,
        body: clinicProfileBody,
        response: { 200: clinicResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const admin = requireClinicRole(request, request.params.slug, ["admin"]);
      return changeClinicProfile(serviceDepsFor(ctx, admin), admin, request.body);
    },
  );

  api.get(
    "/api/v1/clinics/:slug/services",
    {
      schema: {
        operationId: "listClinicServices",
        tags: ["clinic"],
        summary: "Bookable services (public); staff may add ?includeInactive=true",
        // Public; only `includeInactive=true` asks for a staff session of the clinic.
        security: [],
        params: clinicParams,
        querystring: z.strictObject({ includeInactive: queryBoolean.optional() }),
        response: { 200: z.object({ services: z.array(serviceResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const includeInactive = request.query.includeInactive === true;
      const principal = includeInactive ? requireClinicRole(request, slug, STAFF_ROLES) : null;
      const services = await listClinicServices(serviceDepsFor(ctx, principal), slug, { includeInactive });
      return { services };
    },
  );

  api.get(
    "/api/v1/clinics/:slug/services/:code/providers",
    {
      schema: {
        operationId: "listBookableProviders",
        tags: ["clinic"],
        summary: "The active providers who perform a service, by name (public), for a patient to ask for one",
        security: [],
        params: z.strictObject({ slug, code: serviceCode }),
        response: {
          200: z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) }),
          ...problems(400, 404),
        },
      },
    },
    async (request) => {
      const { slug, code } = request.params;
      return { providers: await listBookableProviders(serviceDepsFor(ctx, null), slug, code) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/services",
    {
      schema: {
        operationId: "createClinicService",
        tags: ["clinic"],
        summary: "Add a service (admin)",
        security: SIGNED_IN,
        params: clinicParams,
        body: newServiceBody,
        response: { 201: serviceResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const service = await addClinicService(serviceDepsFor(ctx, principal), principal, request.body);
      return reply.code(201).send(service);
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/services/:serviceId",
    {
      schema: {
        operationId: "updateClinicService",
        tags: ["clinic"],
        summary:
          "Change a service (admin); its code never changes. 409 listing the live bookings (`bookings`) " +
          "left in rooms of a kind its new roomKinds drop",
        security: SIGNED_IN,
        params: z.strictObject({ slug, serviceId: id }),
        body: serviceChangesBody,
        response: { 200: serviceResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      return changeClinicService(deps, principal, request.params.serviceId, request.body);
    },
  );
}
