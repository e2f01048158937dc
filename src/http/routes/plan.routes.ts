import { z } from "zod";
import {
  acceptPlan,
  createDraftPlan,
  getPatientPlan,
  listPatientPlans,
  listReviewQueueAs,
} from "../../services/patients/plans.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import { clinicParams, id, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import {
  acceptPlanBody,
  planRequestBody,
  planResponse,
  planSummary,
  reviewQueueQuery,
  reviewQueueResponse,
} from "../schemas/plan.js";
import type { Api } from "./api.js";

const planParams = z.strictObject({ id, planId: id });

export function registerPlanRoutes(api: Api, ctx: AppContext): void {
  const tags = ["intake and plans"];
  const security = SIGNED_IN;

  api.post(
    "/api/v1/patients/:id/plans",
    {
      schema: {
        operationId: "createDraftPlan",
        tags,
        security,
        summary: "Compute a draft plan from the latest intake and the clinic's current protocol",
        params: patientParams,
        body: planRequestBody,
        response: { 201: planResponse, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      const plan = await createDraftPlan(deps, principal, request.params.id, request.body);
      return reply.code(201).send(plan);
    },
  );

  api.get(
    "/api/v1/patients/:id/plans",
    {
      schema: {
        operationId: "listPatientPlans",
        tags,
        security,
        summary: "The patient's plans, newest first",
        params: patientParams,
        response: { 200: z.object({ plans: z.array(planSummary) }), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return { plans: await listPatientPlans(serviceDepsFor(ctx, principal), principal, request.params.id) };
    },
  );

  api.get(
    "/api/v1/patients/:id/plans/:planId",
    {
      schema: {
        operationId: "getPatientPlan",
        tags,
        security,
        summary: "One plan, in full",
        params: planParams,
        response: { 200: planResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const { id: patientId, planId } = request.params;
      return getPatientPlan(serviceDepsFor(ctx, principal), principal, patientId, planId);
    },
  );

  api.post(
    "/api/v1/patients/:id/plans/:planId/accept",
    {
      schema: {
        operationId: "acceptPlan",
        tags,
        security,
        summary:
          "Accept a draft plan (staff); it keeps its id. Only a provider may add overrides, signed with their name",
        params: planParams,
        body: acceptPlanBody,
        response: { 200: planResponse, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      // The service refuses patients only after finding the record, so a foreign id stays a 404.
      const principal = requireSignedIn(request);
      const { id: patientId, planId } = request.params;
      const deps = serviceDepsFor(ctx, principal);
      return acceptPlan(deps, principal, patientId, planId, request.body.overrides);
    },
  );

  api.get(
    "/api/v1/clinics/:slug/review-queue",
    {
      schema: {
        operationId: "listPlanReviewQueue",
        tags,
        security,
        summary:
          "Draft plans awaiting a provider's review, oldest first, with the reasons and the patient (providers and admins)",
        params: clinicParams,
        querystring: reviewQueueQuery,
        response: { 200: reviewQueueResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const staff = requireClinicRole(request, request.params.slug, ["provider", "admin"]);
      return listReviewQueueAs(serviceDepsFor(ctx, staff), staff, request.query);
    },
  );
}
