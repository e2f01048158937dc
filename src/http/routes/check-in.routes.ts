import { z } from "zod";
import {
  acknowledgeAlertAs,
  listClinicAlertsAs,
  listPatientAlertsAs,
} from "../../services/checkins/alerts.service.js";
import { answerCheckIn, getCheckIns } from "../../services/checkins/check-ins.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import { bookingParams } from "../schemas/booking.js";
import {
  alertParams,
  alertResponse,
  alertsQuery,
  answeredCheckInResponse,
  checkInBody,
  checkInParams,
  checkInsResponse,
  inboxAlertResponse,
} from "../schemas/check-in.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

const ALERT_ROLES = ["provider", "admin"] as const;

/** Check-ins after a completed session, and the alerts their answers raise for the clinic. */
export function registerCheckInRoutes(api: Api, ctx: AppContext): void {
  const security = SIGNED_IN;
  const tags = ["check-ins and alerts"];

  api.get(
    "/api/v1/bookings/:bookingId/check-ins",
    {
      schema: {
        operationId: "listCheckIns",
        tags,
        security,
        summary:
          "The day-3, day-14 and day-60 check-ins of a completed session (the patient, or staff: audited)",
        params: bookingParams,
        response: { 200: checkInsResponse, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return getCheckIns(serviceDepsFor(ctx, principal), principal, request.params.bookingId);
    },
  );

  api.put(
    "/api/v1/bookings/:bookingId/check-ins/:day",
    {
      schema: {
        operationId: "answerCheckIn",
        tags,
        security,
        summary:
          "Answer a check-in, once (the patient who owns the booking); answers outside the expected course alert the clinic",
        params: checkInParams,
        body: checkInBody,
        response: { 200: answeredCheckInResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return answerCheckIn(serviceDepsFor(ctx, principal), principal, {
        bookingId: request.params.bookingId,
        day: request.params.day,
        answers: request.body,
      });
    },
  );

  api.get(
    "/api/v1/clinics/:slug/alerts",
    {
      schema: {
        operationId: "listClinicAlerts",
        tags,
        security,
        summary: "The clinic's alerts inbox, newest first: open ones or all (providers and admins; audited)",
        params: clinicParams,
        querystring: alertsQuery,
        response: {
          200: z.object({ alerts: z.array(inboxAlertResponse), nextOffset: z.int().nullable() }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ALERT_ROLES);
      return listClinicAlertsAs(serviceDepsFor(ctx, principal), principal, request.query);
    },
  );

  api.post(
    "/api/v1/clinics/:slug/alerts/:alertId/acknowledge",
    {
      schema: {
        operationId: "acknowledgeAlert",
        tags,
        security,
        summary:
          "Record that you took the alert up (providers and admins); the first acknowledgement's time is kept",
        params: alertParams,
        response: { 200: alertResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ALERT_ROLES);
      return acknowledgeAlertAs(serviceDepsFor(ctx, principal), principal, request.params.alertId);
    },
  );

  api.get(
    "/api/v1/patients/:id/alerts",
    {
      schema: {
        operationId: "listPatientAlerts",
        tags,
        security,
        summary: "The patient's alerts, newest first, for their chart (providers and admins; audited)",
        params: patientParams,
        response: { 200: z.object({ alerts: z.array(alertResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return {
        alerts: await listPatientAlertsAs(serviceDepsFor(ctx, principal), principal, request.params.id),
      };
    },
  );
}
