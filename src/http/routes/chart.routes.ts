import { z } from "zod";
import { assessSession, getSessionAssessment } from "../../services/clinical/assessment.service.js";
import {
  amendSessionChart,
  getSessionChart,
  saveSessionChart,
  signSessionChart,
} from "../../services/clinical/chart.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireSignedIn } from "../auth/guards.js";
import { bookingParams } from "../schemas/booking.js";
import {
  amendmentBody,
  assessmentBody,
  assessmentResponse,
  chartBody,
  chartResponse,
} from "../schemas/clinical.js";
import { problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

/**
 * A treatment session's chart: staff read it, providers write, sign and amend it. Whether the
 * caller may reach the booking (404) comes before whether the role may write (403), in the service.
 */
export function registerChartRoutes(api: Api, ctx: AppContext): void {
  const tags = ["clinical records"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/bookings/:bookingId/chart",
    {
      schema: {
        operationId: "getSessionChart",
        tags,
        security,
        summary:
          "The session's chart and amendments, with the previous charted session's parameters as a starting point (staff; audited)",
        params: bookingParams,
        response: { 200: chartResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return getSessionChart(serviceDepsFor(ctx, principal), principal, request.params.bookingId);
    },
  );

  api.put(
    "/api/v1/bookings/:bookingId/chart",
    {
      schema: {
        operationId: "saveSessionChart",
        tags,
        security,
        summary: "Write the session's chart while it is a draft (provider)",
        params: bookingParams,
        body: chartBody,
        response: { 200: chartResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return saveSessionChart(deps, principal, request.params.bookingId, request.body);
    },
  );

  api.post(
    "/api/v1/bookings/:bookingId/chart/sign",
    {
      schema: {
        operationId: "signSessionChart",
        tags,
        security,
        summary: "Sign the chart (provider): from then on it is read-only and changed by amendment",
        params: bookingParams,
        response: { 200: chartResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return signSessionChart(serviceDepsFor(ctx, principal), principal, request.params.bookingId);
    },
  );

  api.post(
    "/api/v1/bookings/:bookingId/chart/amendments",
    {
      schema: {
        operationId: "amendSessionChart",
        tags,
        security,
        summary:
          "Amend a signed chart with a reason (provider); the author, time and changed fields are kept",
        params: bookingParams,
        body: amendmentBody,
        response: { 201: chartResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      const view = await amendSessionChart(deps, principal, request.params.bookingId, request.body);
      return reply.code(201).send(view);
    },
  );

  api.get(
    "/api/v1/bookings/:bookingId/assessment",
    {
      schema: {
        operationId: "getSessionAssessment",
        tags,
        security,
        summary:
          "The provider's assessment of the session per concern; null before one (the patient, or staff: audited)",
        params: bookingParams,
        response: {
          200: z.object({ assessment: assessmentResponse.nullable() }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return { assessment: await getSessionAssessment(deps, principal, request.params.bookingId) };
    },
  );

  api.put(
    "/api/v1/bookings/:bookingId/assessment",
    {
      schema: {
        operationId: "assessSession",
        tags,
        security,
        summary:
          "Assess the session per concern: a 0–10 score and/or an improvement step (provider); replaces an earlier one",
        params: bookingParams,
        body: assessmentBody,
        response: { 200: assessmentResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return assessSession(deps, principal, request.params.bookingId, request.body.concerns);
    },
  );
}
