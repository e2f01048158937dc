import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  listBookingsNeedingAttentionAs,
  resolveBookingAttentionAs,
} from "../../services/booking/attention.service.js";
import { bookAppointmentAs } from "../../services/booking/book-appointment.service.js";
import { getBookingAs, listPatientBookingsAs } from "../../services/booking/booking-reads.service.js";
import { cancelBookingAs } from "../../services/booking/cancel.service.js";
import { recordOutcomeAs } from "../../services/booking/outcome.service.js";
import { rescheduleBookingAs } from "../../services/booking/reschedule.service.js";
import { bookSeriesAs } from "../../services/booking/series-booking.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import {
  ALSO_MOVED_HEADER,
  bookBody,
  booking,
  bookingParams,
  cancelBody,
  cancelResponse,
  idempotencyHeaders,
  needsAttentionQuery,
  outcomeBody,
  rescheduleBody,
  resolveAttentionBody,
  seriesBody,
  seriesResponse,
} from "../schemas/booking.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

/**
 * Bookings: each route checks only that someone is signed in; the service decides whether this
 * caller may reach the patient or booking (the same 404 as a missing one when not).
 */
export function registerBookingRoutes(api: Api, ctx: AppContext): void {
  const tags = ["bookings"];
  const security = SIGNED_IN;

  api.post(
    "/api/v1/bookings",
    {
      schema: {
        operationId: "bookAppointment",
        tags,
        security,
        summary: "Book one appointment; the protocol and the calendar are re-checked in one transaction",
        headers: idempotencyHeaders,
        body: bookBody,
        response: { 201: booking, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const { booking: made, replayed } = await bookAppointmentAs(serviceDepsFor(ctx, principal), principal, {
        patientId: request.body.patientId,
        serviceCode: request.body.service,
        startsAt: request.body.startsAt,
        providerId: request.body.providerId,
        idempotencyKey: request.headers["idempotency-key"],
      });
      // A replay answers as the first request did: the booking was created then.
      return reply.code(201).header("idempotent-replayed", String(replayed)).send(made);
    },
  );

  api.post(
    "/api/v1/bookings/series",
    {
      schema: {
        operationId: "bookSeries",
        tags,
        security,
        summary: "Book every session of a plan at once, each within the protocol's interval; all or nothing",
        headers: idempotencyHeaders,
        body: seriesBody,
        response: { 201: seriesResponse, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const result = await bookSeriesAs(serviceDepsFor(ctx, principal), principal, {
        patientId: request.body.patientId,
        planId: request.body.planId,
        firstStartsAt: request.body.firstStartsAt,
        providerId: request.body.providerId,
        serviceCode: request.body.service,
        idempotencyKey: request.headers["idempotency-key"],
      });
      return reply
        .code(201)
        .header("idempotent-replayed", String(result.replayed))
        .send({ seriesId: result.seriesId, bookings: result.bookings });
    },
  );

  api.get(
    "/api/v1/bookings/:bookingId",
    {
      schema: {
        operationId: "getBooking",
        tags,
        security,
        summary: "One booking",
        params: bookingParams,
        response: { 200: booking, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return getBookingAs(serviceDepsFor(ctx, principal), principal, request.params.bookingId);
    },
  );

  api.patch(
    "/api/v1/bookings/:bookingId",
    {
      schema: {
        operationId: "rescheduleBooking",
        tags,
        security,
        summary: "Move a booking; later sessions of its series move too when they would come too soon",
        description: `Answers the moved booking, as booking does. Later sessions of its series that moved with it are named in the \`${ALSO_MOVED_HEADER}\` header (comma-separated booking ids).`,
        params: bookingParams,
        body: rescheduleBody,
        response: { 200: booking, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const moved = await rescheduleBookingAs(serviceDepsFor(ctx, principal), principal, {
        bookingId: request.params.bookingId,
        startsAt: request.body.startsAt,
        providerId: request.body.providerId,
      });
      if (moved.alsoMoved.length > 0) {
        reply.header(ALSO_MOVED_HEADER, moved.alsoMoved.map((b) => b.id).join(","));
      }
      return moved.booking;
    },
  );

  api.post(
    "/api/v1/bookings/:bookingId/cancel",
    {
      schema: {
        operationId: "cancelBooking",
        tags,
        security,
        summary: "Cancel a booking (late inside the clinic's notice); the freed time goes to the waitlist",
        params: bookingParams,
        body: cancelBody,
        response: { 200: cancelResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return cancelBookingAs(serviceDepsFor(ctx, principal), principal, {
        bookingId: request.params.bookingId,
        reason: request.body.reason,
      });
    },
  );

  api.post(
    "/api/v1/bookings/:bookingId/outcome",
    {
      schema: {
        operationId: "recordBookingOutcome",
        tags,
        security,
        summary: "Record that a started appointment took place, or that the patient did not come (staff)",
        params: bookingParams,
        body: outcomeBody,
        response: { 200: booking, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return recordOutcomeAs(serviceDepsFor(ctx, principal), principal, {
        bookingId: request.params.bookingId,
        outcome: request.body.outcome,
      });
    },
  );

  api.get(
    "/api/v1/patients/:id/bookings",
    {
      schema: {
        operationId: "listPatientBookings",
        tags,
        security,
        summary: "The patient's bookings, by start",
        params: patientParams,
        response: { 200: z.object({ bookings: z.array(booking) }), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return {
        bookings: await listPatientBookingsAs(serviceDepsFor(ctx, principal), principal, request.params.id),
      };
    },
  );

  api.get(
    "/api/v1/clinics/:slug/bookings/needs-attention",
    {
      schema: {
        operationId: "listBookingsNeedingAttention",
        tags,
        security,
        summary: "Live bookings a setup change left invalid, oldest flag first, with the reason (staff)",
        description:
          "A booking leaves this list when it is moved, cancelled, or resolved by staff (POST /api/v1/bookings/{bookingId}/attention/resolve).",
        params: clinicParams,
        querystring: needsAttentionQuery,
        response: { 200: z.object({ bookings: z.array(booking) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const deps = serviceDepsFor(ctx, principal);
      return { bookings: await listBookingsNeedingAttentionAs(deps, principal, request.query) };
    },
  );

  api.post(
    "/api/v1/bookings/:bookingId/attention/resolve",
    {
      schema: {
        operationId: "resolveBookingAttention",
        tags,
        security,
        summary: "Clear a booking's needs-attention flag: it stands as it is (staff)",
        params: bookingParams,
        body: resolveAttentionBody,
        response: { 200: booking, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return resolveBookingAttentionAs(serviceDepsFor(ctx, principal), principal, {
        bookingId: request.params.bookingId,
        note: request.body.note,
      });
    },
  );
}
