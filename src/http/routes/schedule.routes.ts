import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import { getDayCalendarAs } from "../../services/booking/calendar.service.js";
import { findClinicSlots, MAX_WINDOW_DAYS } from "../../services/booking/slot-search.service.js";
import { getPatientTimelineAs } from "../../services/booking/timeline.service.js";
import { joinWaitlistAs } from "../../services/booking/waitlist.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import {
  calendarQuery,
  calendarResponse,
  slotsQuery,
  slotsResponse,
  timelineResponse,
  waitlistBody,
  waitlistEntry,
} from "../schemas/booking.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

export function registerScheduleRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug/slots",
    {
      schema: {
        operationId: "searchSlots",
        tags: ["bookings"],
        security: [],
        summary: `Bookable slots for a service in a window of at most ${MAX_WINDOW_DAYS} days; for a patient, only those the protocol allows`,
        description:
          "Anyone may look. A signed-in patient of the clinic always gets their own protocol gating; staff may name a patientId. Nothing is offered after the clinic's last bookable day (policy.maxAdvanceDays).",
        params: clinicParams,
        querystring: slotsQuery,
        response: { 200: slotsResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = request.principal ?? null;
      const { query } = request;
      return findClinicSlots(serviceDepsFor(ctx, principal), principal, {
        clinicSlug: request.params.slug,
        serviceCode: query.service,
        from: query.from,
        to: query.to,
        patientId: query.patientId,
        providerId: query.providerId,
        limit: query.limit,
      });
    },
  );

  api.post(
    "/api/v1/waitlist",
    {
      schema: {
        operationId: "joinWaitlist",
        tags: ["bookings"],
        security: SIGNED_IN,
        summary: "Wait for a slot in a window; a cancellation in it is offered to the first patient it suits",
        body: waitlistBody,
        response: { 201: waitlistEntry, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const entry = await joinWaitlistAs(serviceDepsFor(ctx, principal), principal, {
        patientId: request.body.patientId,
        serviceCode: request.body.service,
        providerId: request.body.providerId,
        from: request.body.from,
        to: request.body.to,
      });
      return reply.code(201).send(entry);
    },
  );

  api.get(
    "/api/v1/patients/:id/timeline",
    {
      schema: {
        operationId: "getPatientTimeline",
        tags: ["bookings"],
        security: SIGNED_IN,
        summary:
          "Prep steps, sessions, aftercare windows, expectations and the recall, dated in the patient's zone",
        params: patientParams,
        response: { 200: timelineResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return getPatientTimelineAs(serviceDepsFor(ctx, principal), principal, request.params.id);
    },
  );

  api.get(
    "/api/v1/clinics/:slug/calendar",
    {
      schema: {
        operationId: "getDayCalendar",
        tags: ["bookings"],
        security: SIGNED_IN,
        summary: "One clinic day, by provider and by room (staff)",
        params: clinicParams,
        querystring: calendarQuery,
        response: { 200: calendarResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      return getDayCalendarAs(serviceDepsFor(ctx, principal), principal, request.query.date);
    },
  );
}
