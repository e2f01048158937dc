import { auditPatientData, auditStaffAction } from "../../services/audit.js";
import { getDayCalendar } from "../../services/booking/calendar.service.js";
import { findSlots } from "../../services/booking/slot-search.service.js";
import { getPatientTimeline } from "../../services/booking/timeline.service.js";
import { joinWaitlist } from "../../services/booking/waitlist.service.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import {
  legacyAuthorizePatientAccess,
  legacyRequireClinicRole,
  noSuchClinic,
  STAFF_ROLES,
} from "../auth/guards.js";
import type { AppContext } from "../deps.js";
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
import { serviceDepsFor } from "../service-deps.js";
import type { Api } from "./api.js";

export function registerScheduleRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug/slots",
    {
      schema: {
        tags: ["bookings"],
        summary:
          "Bookable slots for a service in a window of at most 93 days; for a patient, only those the protocol allows",
        description:
          "Anyone may look. A signed-in patient of the clinic always gets their own protocol gating; staff may name a patientId.",
        params: clinicParams,
        querystring: slotsQuery,
        response: { 200: slotsResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const query = request.query;
      const principal = request.principal;
      const clinic = await findClinicBySlug(ctx.store.db, slug);
      if (!clinic) throw noSuchClinic();
      const ownPatient =
        principal?.role === "patient" && principal.clinicId === clinic.id ? principal.patientId : null;
      let patientId = query.patientId ?? ownPatient ?? undefined;
      if (query.patientId !== undefined) {
        const access = await legacyAuthorizePatientAccess(request, ctx, query.patientId);
        if (access.patient.clinicId !== clinic.id) throw noSuchClinic();
        await auditPatientData(ctx.store.db, access, "slots.search", ctx.now());
        patientId = access.patient.id;
      }
      // One more than asked for tells whether the window held more than the page shows.
      const answer = await findSlots(serviceDepsFor(ctx, principal), {
        clinicId: clinic.id,
        serviceCode: query.service,
        from: query.from,
        to: query.to,
        patientId,
        providerId: query.providerId,
        limit: query.limit + 1,
      });
      const truncated = answer.slots.length > query.limit;
      return { ...answer, slots: truncated ? answer.slots.slice(0, query.limit) : answer.slots, truncated };
    },
  );

  api.post(
    "/api/v1/waitlist",
    {
      schema: {
        tags: ["bookings"],
        security: SIGNED_IN,
        summary: "Wait for a slot in a window; a cancellation in it is offered to the first patient it suits",
        body: waitlistBody,
        response: { 201: waitlistEntry, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.body.patientId);
      const entry = await joinWaitlist(serviceDepsFor(ctx, access.principal), {
        clinicId: access.patient.clinicId,
        patientId: access.patient.id,
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
        tags: ["bookings"],
        security: SIGNED_IN,
        summary:
          "Prep steps, sessions, aftercare windows, expectations and the recall, dated in the patient's zone",
        params: patientParams,
        response: { 200: timelineResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id);
      await auditPatientData(ctx.store.db, access, "timeline.read", ctx.now());
      return getPatientTimeline(
        serviceDepsFor(ctx, access.principal),
        access.patient.clinicId,
        access.patient.id,
      );
    },
  );

  api.get(
    "/api/v1/clinics/:slug/calendar",
    {
      schema: {
        tags: ["bookings"],
        security: SIGNED_IN,
        summary: "One clinic day, by provider and by room (staff)",
        params: clinicParams,
        querystring: calendarQuery,
        response: { 200: calendarResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { principal, clinic } = await legacyRequireClinicRole(
        request,
        ctx,
        request.params.slug,
        STAFF_ROLES,
      );
      const day = await getDayCalendar(serviceDepsFor(ctx, principal), clinic.id, request.query.date);
      await auditStaffAction(ctx.store.db, principal, "calendar.read", ctx.now(), { date: day.date });
      return day;
    },
  );
}
