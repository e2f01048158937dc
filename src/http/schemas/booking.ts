import { z } from "zod";
import { calendarDay, id, instant, instantOut, limit, noteText, text } from "./common.js";

const serviceCode = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be a service code") })
  .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a service code (lower-case letters, digits, underscores)");

export const slotsQuery = z.strictObject({
  service: serviceCode,
  from: instant,
  to: instant,
  patientId: id.optional(),
  providerId: id.optional(),
  limit: limit(5000, 2000),
});

export const slot = z.object({
  startsAt: instantOut,
  endsAt: instantOut,
  providerId: z.string(),
  roomId: z.string().nullable(),
  deviceIds: z.array(z.string()),
});

export const slotsResponse = z.object({
  /** The request's service code and window (canonical UTC instants), echoed. */
  service: z.string(),
  from: instantOut,
  to: instantOut,
  slots: z.array(slot),
  /** Why a patient is offered nothing at all (a hard block, a pending review), when so. */
  refusal: z.object({ code: z.string(), detail: z.string() }).nullable(),
  /** True when the window holds more slots than `limit`: ask again from the last one shown. */
  truncated: z.boolean(),
});

export const booking = z
  .object({
    id: z.string(),
    clinicId: z.string(),
    patientId: z.string(),
    /** The service's code, as requests name it. */
    service: z.string(),
    serviceId: z.string(),
    providerId: z.string(),
    roomId: z.string().nullable(),
    deviceIds: z.array(z.string()),
    startsAt: instantOut,
    endsAt: instantOut,
    status: z.enum(["booked", "completed", "cancelled", "no_show"]),
    seriesId: z.string().nullable(),
    seriesNumber: z.int().nullable(),
    planId: z.string().nullable(),
    lateCancel: z.boolean(),
    createdAt: instantOut,
    updatedAt: instantOut,
    /** Set while a setup change the clinic accepted has left the booking invalid. */
    needsAttention: z
      .object({
        /** A code: provider_time_off, outside_working_hours, provider_inactive, room_retired, device_retired, clinic_closed, or the booking gate's refusal (washout_not_finished, …). */
        reason: z.string(),
        detail: z.string(),
        flaggedAt: instantOut,
      })
      .nullable()
      // An idempotent replay of an answer stored before bookings carried the flag has none.
      .default(null),
  })
  .meta({ id: "Booking" });

export const needsAttentionQuery = z.strictObject({ limit: limit(500, 100) });

export const resolveAttentionBody = z
  .strictObject({ note: noteText(500).optional() })
  .default({})
  .meta({ description: "Why the booking stands as it is; kept in the audit log" });

export const idempotencyHeaders = z.object({
  "idempotency-key": text({ max: 200, trim: false }).optional().meta({
    description:
      "Repeating a request with the same key returns the first answer; another request with it is refused",
  }),
});

export const bookBody = z.strictObject({
  patientId: id,
  service: serviceCode,
  startsAt: instant,
  providerId: id.optional(),
});

export const seriesBody = z.strictObject({
  patientId: id,
  planId: id,
  firstStartsAt: instant,
  providerId: id.optional(),
  /** Defaults to the clinic's treatment service with the plan's chosen add-on. */
  service: serviceCode.optional(),
});

export const seriesResponse = z.object({ seriesId: z.string(), bookings: z.array(booking) });

export const rescheduleBody = z.strictObject({ startsAt: instant, providerId: id.optional() });

/** Later sessions of the series that moved with a rescheduled booking, as comma-separated booking ids. */
export const ALSO_MOVED_HEADER = "also-moved";

export const cancelBody = z.strictObject({ reason: noteText(500).optional() }).default({});

export const cancelResponse = z.object({
  booking,
  /** Whether the freed time was offered to a waiting patient (who, is not the caller's business). */
  offeredToWaitlist: z.boolean(),
});

export const outcomeBody = z.strictObject({ outcome: z.enum(["completed", "no_show"]) });

export const bookingParams = z.strictObject({ bookingId: id });

export const waitlistBody = z.strictObject({
  patientId: id,
  service: serviceCode,
  from: instant,
  to: instant,
  providerId: id.optional(),
});

export const waitlistEntry = z.object({
  id: z.string(),
  patientId: z.string(),
  /** The service's code, as requests name it. */
  service: z.string(),
  serviceId: z.string(),
  providerId: z.string().nullable(),
  /** The window the patient would take a slot in. */
  from: instantOut,
  to: instantOut,
  status: z.enum(["waiting", "offered", "closed"]),
  createdAt: instantOut,
});

export const calendarQuery = z.strictObject({ date: calendarDay });

const appointment = z.object({
  bookingId: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  /** The service's code, as requests name it. */
  service: z.string(),
  providerId: z.string(),
  roomId: z.string().nullable(),
  deviceIds: z.array(z.string()),
  startsAt: instantOut,
  endsAt: instantOut,
  status: z.string(),
  seriesNumber: z.int().nullable(),
});

export const calendarResponse = z.object({
  date: z.string(),
  timeZone: z.string(),
  providers: z.array(z.object({ id: z.string(), name: z.string(), appointments: z.array(appointment) })),
  rooms: z.array(z.object({ id: z.string(), name: z.string(), appointments: z.array(appointment) })),
});

export const timelineResponse = z.object({
  timeZone: z.string(),
  entries: z.array(
    z.looseObject({ kind: z.enum(["prep", "session", "aftercare", "expectation", "maintenance"]) }),
  ),
});
