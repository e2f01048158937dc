import { z } from "zod";
import { auditPatientData } from "../../services/audit.js";
import { bookAppointment } from "../../services/booking/book-appointment.service.js";
import { cancelBooking } from "../../services/booking/cancel.service.js";
import { recordOutcome } from "../../services/booking/outcome.service.js";
import { rescheduleBooking } from "../../services/booking/reschedule.service.js";
import { bookSeries } from "../../services/booking/series-booking.service.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { authorizeBookingAccess } from "../auth/booking-access.js";
import { legacyAuthorizePatientAccess, STAFF_ROLES } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import {
  bookBody,
  booking,
  bookingParams,
  cancelBody,
  cancelResponse,
  idempotencyHeaders,
  outcomeBody,
  rescheduleBody,
  rescheduleResponse,
  seriesBody,
  seriesResponse,
} from "../schemas/booking.js";
import { patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import { serviceDepsFor } from "../service-deps.js";
import type { Api } from "./api.js";

export function registerBookingRoutes(api: Api, ctx: AppContext): void {
  const tags = ["bookings"];
  const security = SIGNED_IN;

  api.post(
    "/api/v1/bookings",
    {
      schema: {
        tags,
        security,
        summary: "Book one appointment; the protocol and the calendar are re-checked in one transaction",
        headers: idempotencyHeaders,
        body: bookBody,
        response: { 201: booking, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.body.patientId);
      const { booking: made, replayed } = await bookAppointment(serviceDepsFor(ctx, access.principal), {
        clinicId: access.patient.clinicId,
        patientId: access.patient.id,
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
        tags,
        security,
        summary: "Book every session of a plan at once, each within the protocol's interval; all or nothing",
        headers: idempotencyHeaders,
        body: seriesBody,
        response: { 201: seriesResponse, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.body.patientId);
      const result = await bookSeries(serviceDepsFor(ctx, access.principal), {
        clinicId: access.patient.clinicId,
        patientId: access.patient.id,
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
        tags,
        security,
        summary: "One booking",
        params: bookingParams,
        response: { 200: booking, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { access, booking: found } = await authorizeBookingAccess(request, ctx, request.params.bookingId);
      await auditPatientData(ctx.store.db, access, "booking.read", ctx.now(), { bookingId: found.id });
      return found;
    },
  );

  api.patch(
    "/api/v1/bookings/:bookingId",
    {
      schema: {
        tags,
        security,
        summary: "Move a booking; later sessions of its series move too when they would come too soon",
        params: bookingParams,
        body: rescheduleBody,
        response: { 200: rescheduleResponse, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { access } = await authorizeBookingAccess(request, ctx, request.params.bookingId);
      return rescheduleBooking(serviceDepsFor(ctx, access.principal), {
        clinicId: access.patient.clinicId,
        bookingId: request.params.bookingId,
        startsAt: request.body.startsAt,
        providerId: request.body.providerId,
      });
    },
  );

  api.post(
    "/api/v1/bookings/:bookingId/cancel",
    {
      schema: {
        tags,
        security,
        summary: "Cancel a booking (late inside the clinic's notice); the freed time goes to the waitlist",
        params: bookingParams,
        body: cancelBody,
        response: { 200: cancelResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { access } = await authorizeBookingAccess(request, ctx, request.params.bookingId);
      const result = await cancelBooking(serviceDepsFor(ctx, access.principal), {
        clinicId: access.patient.clinicId,
        bookingId: request.params.bookingId,
        reason: request.body.reason,
      });
      return { booking: result.booking, offeredToWaitlist: result.offeredTo !== null };
    },
  );

  api.post(
    "/api/v1/bookings/:bookingId/outcome",
    {
      schema: {
        tags,
        security,
        summary: "Record that a started appointment took place, or that the patient did not come (staff)",
        params: bookingParams,
        body: outcomeBody,
        response: { 200: booking, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { access } = await authorizeBookingAccess(request, ctx, request.params.bookingId, STAFF_ROLES);
      return recordOutcome(serviceDepsFor(ctx, access.principal), {
        clinicId: access.patient.clinicId,
        bookingId: request.params.bookingId,
        outcome: request.body.outcome,
      });
    },
  );

  api.get(
    "/api/v1/patients/:id/bookings",
    {
      schema: {
        tags,
        security,
        summary: "The patient's bookings, by start",
        params: patientParams,
        response: { 200: z.object({ bookings: z.array(booking) }), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id);
      await auditPatientData(ctx.store.db, access, "bookings.list", ctx.now());
      return { bookings: await listBookingsByPatient(ctx.store.db, access.patient.id) };
    },
  );
}
