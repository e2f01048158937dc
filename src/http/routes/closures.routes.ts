import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  addClinicClosure,
  changeClinicClosure,
  listClinicClosures,
  removeClinicClosure,
} from "../../services/clinic/closures.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import {
  CONFLICT_NOTE,
  closureChangesBody,
  closureResponse,
  closureWindowQuery,
  newClosureBody,
} from "../schemas/catalog.js";
import { clinicParams, id, problems, SIGNED_IN, slug } from "../schemas/common.js";
import type { Api } from "./api.js";

/** Days the whole clinic is closed (holidays): staff read them, admins write them. */
export function registerClosureRoutes(api: Api, ctx: AppContext): void {
  const tags = ["closures"];
  const security = SIGNED_IN;
  const closureParams = z.strictObject({ slug, closureId: id });

  api.get(
    "/api/v1/clinics/:slug/closures",
    {
      schema: {
        operationId: "listClinicClosures",
        tags,
        security,
        summary: "Days the clinic is closed, by first day (staff); from/to keep those holding a day in range",
        params: clinicParams,
        querystring: closureWindowQuery,
        response: {
          200: z.object({ closures: z.array(closureResponse) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const { from, to } = request.query;
      const deps = serviceDepsFor(ctx, principal);
      return { closures: await listClinicClosures(deps, principal, { fromDay: from, toDay: to }) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/closures",
    {
      schema: {
        operationId: "createClinicClosure",
        tags,
        security,
        summary: "Close the clinic on whole days (admin)",
        description: CONFLICT_NOTE,
        params: clinicParams,
        body: newClosureBody,
        response: { 201: closureResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { acceptConflicts, ...input } = request.body;
      const closure = await addClinicClosure(serviceDepsFor(ctx, principal), principal, input, {
        acceptConflicts,
      });
      return reply.code(201).send(closure);
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/closures/:closureId",
    {
      schema: {
        operationId: "updateClinicClosure",
        tags,
        security,
        summary: "Change a closure's days or note (admin)",
        description: CONFLICT_NOTE,
        params: closureParams,
        body: closureChangesBody,
        response: { 200: closureResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      const { acceptConflicts, ...changes } = request.body;
      return changeClinicClosure(deps, principal, request.params.closureId, changes, { acceptConflicts });
    },
  );

  api.delete(
    "/api/v1/clinics/:slug/closures/:closureId",
    {
      schema: {
        operationId: "deleteClinicClosure",
        tags,
        security,
        summary: "Open the closure's days again (admin)",
        params: closureParams,
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      await removeClinicClosure(serviceDepsFor(ctx, principal), principal, request.params.closureId);
      return reply.code(204).send(null);
    },
  );
}
