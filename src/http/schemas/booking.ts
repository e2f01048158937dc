import { z } from "zod";
import { MAX_READINESS_DAYS } from "../../domain/booking/readiness.js";
import {
  calendarDay,
  dayOut,
  id,
  instant,
  instantOut,
  limit,
  noteText,
  offset,
  queryBoolean,
  text,
} from "./common.js";

export const serviceCode = z
  .string({ error: (i) => (i.input === undefined ? "is required" : "must be a service code") })
  .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a service code (lower-case letters, digits, underscores)");

export const slotsQuery = z.strictObject({
  service: serviceCode,
  from: instant,
  to: instant,
  patientId: id.optional(),
  providerId: id.optional(),
  limit: limit(5000, 2000),
  /** A booking the caller is moving: searched as its patient, with that booking out of the way. */
  rescheduling: id.optional(),
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

const waitlistStatus = z.enum(["waiting", "offered", "closed"]);

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
  status: waitlistStatus,
  createdAt: instantOut,
  /** The freed slot offered to the entry and when; null until one was. Null times: not recorded. */
  offer: z
    .object({
      startsAt: instantOut.nullable(),
      endsAt: instantOut.nullable(),
      offeredAt: instantOut.nullable(),
    })
    .nullable(),
  /** When the entry was closed (left, or taken); null while open or not recorded. */
  closedAt: instantOut.nullable(),
});

export const clinicWaitlistQuery = z.strictObject({
  service: serviceCode.optional(),
  /** Entries whose window overlaps [from, to). */
  from: instant.optional(),
  to: instant.optional(),
  status: waitlistStatus.optional(),
  limit: limit(200, 50),
  offset,
});

export const clinicWaitlistResponse = z.object({
  entries: z.array(waitlistEntry.extend({ patientName: z.string() })),
  /** How many entries match the filter in all. */
  total: z.int(),
});

export const waitlistEntryParams = z.strictObject({ entryId: id });

export const calendarQuery = z.strictObject({
  /** One day; the same as `from` and `to` both set to it. */
  date: calendarDay.optional(),
  from: calendarDay.optional(),
  /** The last day shown (included); defaults to `from`. */
  to: calendarDay.optional(),
  includeCancelled: queryBoolean.optional(),
});

/** An instant on the clinic's wall clock with its UTC offset, e.g. `2030-01-07T10:00:00-05:00`. */
const localTime = z
  .string()
  .meta({ description: "The instant on the clinic's wall clock, with its UTC offset" });

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
  localStartsAt: localTime,
  localEndsAt: localTime,
  status: z.string(),
  seriesNumber: z.int().nullable(),
});

const timeOff = z.object({
  id: z.string(),
  startsAt: instantOut,
  endsAt: instantOut,
  localStartsAt: localTime,
  localEndsAt: localTime,
  note: z.string().nullable(),
});

export const calendarResponse = z.object({
  from: dayOut,
  to: dayOut,
  /** Present when the calendar shows one day. */
  date: dayOut.optional(),
  timeZone: z.string(),
  providers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      appointments: z.array(appointment),
      timeOff: z.array(timeOff),
    }),
  ),
  rooms: z.array(z.object({ id: z.string(), name: z.string(), appointments: z.array(appointment) })),
  /** Days the whole clinic is closed within the range. */
  closures: z.array(
    z.object({ id: z.string(), firstDay: dayOut, lastDay: dayOut, note: z.string().nullable() }),
  ),
});

export const timelineResponse = z.object({
  timeZone: z.string(),
  entries: z.array(
    z.looseObject({
      kind: z.enum([
        "prep",
        "session",
        "aftercare",
        "expectation",
        "maintenance",
        "routine",
        "routine_pause",
      ]),
    }),
  ),
});

export const readinessQuery = z.strictObject({
  /** Clinic days to look ahead, today counting as the first. */
  days: limit(MAX_READINESS_DAYS, 7),
  /** Leave out bookings with nothing in their way. */
  onlyProblems: queryBoolean.optional(),
});

export const readinessResponse = z.object({
  timeZone: z.string(),
  from: instantOut,
  to: instantOut,
  items: z.array(
    z.object({
      bookingId: z.string(),
      patientId: z.string(),
      patientName: z.string(),
      /** The service's code, as requests name it. */
      service: z.string(),
      providerId: z.string(),
      startsAt: instantOut,
      localStartsAt: localTime,
      /** Most serious first; empty when nothing stands in the booking's way. */
      problems: z.array(
        z.object({
          code: z.enum([
            "intake_missing",
            "contraindicated",
            "plan_needs_review",
            "no_accepted_plan",
            "washout_not_finished",
            "too_soon_after_previous_session",
            "too_close_to_next_session",
            "needs_attention",
            "consent_missing",
            "consent_outdated",
          ]),
          detail: z.string(),
          /** For a wait: the first day (clinic zone) the session could take place. */
          until: dayOut.optional(),
          reasons: z.array(z.string()).optional(),
        }),
      ),
    }),
  ),
});
