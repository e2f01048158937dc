import { z } from "zod";
import { forbidden } from "../../domain/errors.js";
import { auditPatientData } from "../../services/audit.js";
import {
  acceptPlan,
  createDraftPlan,
  getPlanOrFail,
  toStoredPlan,
} from "../../services/patients/plans.service.js";
import { listPlansByPatient } from "../../store/plan.repository.js";
import { legacyAuthorizePatientAccess, STAFF_ROLES } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import { id, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import { acceptPlanBody, planRequestBody, planResponse, planSummary } from "../schemas/plan.js";
import { serviceDepsFor } from "../service-deps.js";
import type { Api } from "./api.js";

const planParams = z.strictObject({ id, planId: id });

export function registerPlanRoutes(api: Api, ctx: AppContext): void {
  const tags = ["intake and plans"];
  const security = SIGNED_IN;

  api.post(
    "/api/v1/patients/:id/plans",
    {
      schema: {
        tags,
        security,
        summary: "Compute a draft plan from the latest intake and the clinic's current protocol",
        params: patientParams,
        body: planRequestBody,
        response: { 201: planResponse, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id);
      const plan = await createDraftPlan(serviceDepsFor(ctx, access.principal), access.patient, request.body);
      return reply.code(201).send(plan);
    },
  );

  api.get(
    "/api/v1/patients/:id/plans",
    {
      schema: {
        tags,
        security,
        summary: "The patient's plans, newest first",
        params: patientParams,
        response: { 200: z.object({ plans: z.array(planSummary) }), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id);
      await auditPatientData(ctx.store.db, access, "plans.list", ctx.now());
      return { plans: await listPlansByPatient(ctx.store.db, access.patient.id) };
    },
  );

  api.get(
    "/api/v1/patients/:id/plans/:planId",
    {
      schema: {
        tags,
        security,
        summary: "One plan, in full",
        params: planParams,
        response: { 200: planResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id);
      const record = await getPlanOrFail(ctx.store.db, access.patient.id, request.params.planId);
      await auditPatientData(ctx.store.db, access, "plan.read", ctx.now(), { planId: record.id });
      return toStoredPlan(record);
    },
  );

  api.post(
    "/api/v1/patients/:id/plans/:planId/accept",
    {
      schema: {
        tags,
        security,
        summary: "Accept a draft plan (staff); only a provider may add overrides, signed with their name",
        params: planParams,
        body: acceptPlanBody,
        response: { 200: planResponse, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id, STAFF_ROLES);
      const { principal } = access;
      if (request.body.overrides.length > 0 && principal.role !== "provider") {
        throw forbidden("Only a provider may override a protocol reason.");
      }
      return acceptPlan(
        serviceDepsFor(ctx, principal),
        access.patient,
        { accountId: principal.accountId, name: principal.name },
        request.params.planId,
        request.body.overrides,
      );
    },
  );
}
