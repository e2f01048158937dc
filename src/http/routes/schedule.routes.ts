import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import { MAX_READINESS_DAYS } from "../../domain/booking/readiness.js";
import { getClinicCalendarAs, MAX_CALENDAR_DAYS } from "../../services/booking/calendar.service.js";
import { getReadinessBoardAs } from "../../services/booking/readiness.service.js";
import { findClinicSlots, MAX_WINDOW_DAYS } from "../../services/booking/slot-search.service.js";
import { getPatientTimelineAs } from "../../services/booking/timeline.service.js";
import {
  joinWaitlistAs,
  leaveWaitlistAs,
  listClinicWaitlistAs,
  listPatientWaitlistAs,
} from "../../services/booking/waitlist.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import {
  calendarQuery,
  calendarResponse,
  clinicWaitlistQuery,
  clinicWaitlistResponse,
  readinessQuery,
  readinessResponse,
  slotsQuery,
  slotsResponse,
  timelineResponse,
  waitlistBody,
  waitlistEntry,
  waitlistEntryParams,
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
          "Anyone may look. A signed-in patient of the clinic always gets their own protocol gating; staff may name a patientId. With rescheduling=<bookingId> (a booking the caller may reach) the search is the booking's patient's, with that booking's own holds, spacing and caps out of the way. Nothing is offered after the clinic's last bookable day (policy.maxAdvanceDays).",
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
        rescheduling: query.rescheduling,
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
    "/api/v1/clinics/:slug/readiness",
    {
      schema: {
        operationId: "getReadinessBoard",
        tags: ["bookings"],
        security: SIGNED_IN,
        summary: `Every live booking in the next \`days\` clinic days (at most ${MAX_READINESS_DAYS}) with what stands in its way, most urgent first (staff)`,
        description:
          "Bookings with a problem come first, soonest first; then the rest (left out with onlyProblems=true).",
        params: clinicParams,
        querystring: readinessQuery,
        response: { 200: readinessResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const staff = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const { days, onlyProblems } = request.query;
      return getReadinessBoardAs(serviceDepsFor(ctx, staff), staff, {
        days,
        onlyProblems: onlyProblems ?? false,
      });
    },
  );

  api.get(
    "/api/v1/clinics/:slug/waitlist",
    {
      schema: {
        operationId: "listClinicWaitlist",
        tags: ["bookings"],
        security: SIGNED_IN,
        summary:
          "The clinic's waitlist, oldest first, by service, window (entries overlapping from–to) and status (staff)",
        params: clinicParams,
        querystring: clinicWaitlistQuery,
        response: { 200: clinicWaitlistResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const staff = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const { service, ...query } = request.query;
      return listClinicWaitlistAs(serviceDepsFor(ctx, staff), staff, { ...query, serviceCode: service });
    },
  );

  api.get(
    "/api/v1/patients/:id/waitlist",
    {
      schema: {
        operationId: "listPatientWaitlist",
        tags: ["bookings"],
        security: SIGNED_IN,
        summary: "The patient's waitlist entries, newest first, each with where its offer stands",
        params: patientParams,
        response: { 200: z.object({ entries: z.array(waitlistEntry) }), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return { entries: await listPatientWaitlistAs(deps, principal, request.params.id) };
    },
  );

  api.delete(
    "/api/v1/waitlist/:entryId",
    {
      schema: {
        operationId: "leaveWaitlist",
        tags: ["bookings"],
        security: SIGNED_IN,
        summary: "Leave a waitlist entry (the patient, or their clinic's staff); answers it closed",
        params: waitlistEntryParams,
        response: { 200: waitlistEntry, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return leaveWaitlistAs(serviceDepsFor(ctx, principal), principal, request.params.entryId);
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
        summary: `Clinic days (one \`date\`, or \`from\`–\`to\`, at most ${MAX_CALENDAR_DAYS}), by provider with their time off and by room (staff)`,
        description:
          "Times are UTC instants with the same instants on the clinic's wall clock beside them. Cancelled bookings are left out unless includeCancelled=true.",
        params: clinicParams,
        querystring: calendarQuery,
        response: { 200: calendarResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      return getClinicCalendarAs(serviceDepsFor(ctx, principal), principal, request.query);
    },
  );
}
