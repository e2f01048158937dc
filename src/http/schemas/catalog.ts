import { z } from "zod";
import { ROOM_KINDS, type Weekday } from "../../domain/clinic/types.js";
import { calendarDay, dayOut, id, instant, instantOut, noteText, trimmedText, wallTime } from "./common.js";

const serviceCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a snake_case code (a-z, 0-9, _), at most 64 characters");
const deviceKind = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, "must be a snake_case kind, e.g. rf or centrifuge");
const minutes = (min: number, max: number) => z.int("must be a whole number of minutes").min(min).max(max);
const addOn = z.enum(["prp", "rf"]);
const roomKind = z.enum(ROOM_KINDS);
/** The room kinds a service may use: at least one, each once. */
const roomKinds = z
  .array(roomKind)
  .min(1)
  .max(ROOM_KINDS.length)
  .refine((kinds) => new Set(kinds).size === kinds.length, { message: "must not repeat a kind" });

/**
 * On a setup change that would leave live bookings invalid: without it the change answers 409
 * naming them; with it the change is applied and they are flagged `needs_attention`.
 */
export const acceptConflicts = z.boolean().optional().meta({
  description:
    "Apply the change even though it leaves live bookings invalid; they are flagged needs_attention (never moved or cancelled)",
});

/** How every setup write that can break live bookings answers; said once for the document. */
export const CONFLICT_NOTE =
  "A change that would leave live bookings invalid answers 409 (`conflict`) with `bookings: [{ id, startsAt, patientId, reason }]` and changes nothing, unless `acceptConflicts` is true: then it is applied and each of those bookings is flagged `needs_attention` with its reason (listed at /bookings/needs-attention), never moved or cancelled.";

export const clinicResponse = z.object({
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  /** Where the clinic is; null until an admin fills it in. */
  address: z.string().nullable(),
  /** Whom patients call, e.g. about a red flag after a treatment; null until filled in. */
  phone: z.string().nullable(),
  policy: z.object({
    minNoticeMinutes: z.number(),
    slotStepMinutes: z.number(),
    lateCancelHours: z.number(),
    maxAdvanceDays: z.number(),
    /** Per-patient caps: booked treatment sessions not yet started (a series counts every session). */
    maxFutureTreatmentBookings: z.number(),
    /** Per-patient caps: consultations on one clinic day. */
    maxConsultationsPerDay: z.number(),
    /** Per-patient caps: waitlist entries still waiting. */
    maxWaitlistEntries: z.number(),
  }),
});

export const serviceResponse = z.object({
  id,
  code: z.string(),
  name: z.string(),
  durationMinutes: z.number(),
  bufferBeforeMinutes: z.number(),
  bufferAfterMinutes: z.number(),
  needsRoom: z.boolean(),
  /** The room kinds it may be booked into, when it needs a room. */
  roomKinds: z.array(roomKind),
  deviceKinds: z.array(z.string()),
  addOn: addOn.nullable(),
  isTreatment: z.boolean(),
  active: z.boolean(),
});

export const newServiceBody = z.strictObject({
  code: serviceCode,
  name: trimmedText(200),
  durationMinutes: minutes(5, 480),
  bufferBeforeMinutes: minutes(0, 120).default(0),
  bufferAfterMinutes: minutes(0, 120).default(0),
  needsRoom: z.boolean().default(true),
  roomKinds: roomKinds.default([...ROOM_KINDS]),
  deviceKinds: z.array(deviceKind).max(5).default([]),
  addOn: addOn.nullable().default(null),
  isTreatment: z.boolean().default(true),
  active: z.boolean().default(true),
});

export const serviceChangesBody = z.strictObject({
  name: trimmedText(200).optional(),
  durationMinutes: minutes(5, 480).optional(),
  bufferBeforeMinutes: minutes(0, 120).optional(),
  bufferAfterMinutes: minutes(0, 120).optional(),
  needsRoom: z.boolean().optional(),
  roomKinds: roomKinds.optional(),
  deviceKinds: z.array(deviceKind).max(5).optional(),
  addOn: addOn.nullable().optional(),
  isTreatment: z.boolean().optional(),
  active: z.boolean().optional(),
});

const weekday = z.literal([1, 2, 3, 4, 5, 6, 7] as const satisfies readonly Weekday[], {
  error: "must be 1 (Monday) to 7 (Sunday)",
});

export const workingHours = z
  .strictObject({ weekday, startTime: wallTime, endTime: wallTime })
  .refine((h) => h.startTime < h.endTime, { path: ["endTime"], message: "must be after startTime" });

/** A week: no two spans of one day may overlap. */
export const weeklyHours = z
  .array(workingHours)
  .max(50)
  .superRefine((hours, ctx) => {
    hours.forEach((a, i) => {
      const clash = hours.findIndex(
        (b, j) => j < i && b.weekday === a.weekday && b.startTime < a.endTime && a.startTime < b.endTime,
      );
      if (clash >= 0)
        ctx.addIssue({ code: "custom", path: [i], message: `overlaps entry ${clash} on the same day` });
    });
  });

export const providerResponse = z.object({
  id,
  name: z.string(),
  skills: z.array(z.string()),
  weeklyHours: z.array(z.object({ weekday: z.number(), startTime: z.string(), endTime: z.string() })),
  active: z.boolean(),
});

export const newProviderBody = z.strictObject({
  name: trimmedText(200),
  skills: z.array(serviceCode).max(50).default([]),
  weeklyHours: weeklyHours.default([]),
  active: z.boolean().default(true),
});

export const providerChangesBody = z.strictObject({
  name: trimmedText(200).optional(),
  skills: z.array(serviceCode).max(50).optional(),
  active: z.boolean().optional(),
  acceptConflicts,
});

export const weeklyHoursBody = z.strictObject({ weeklyHours, acceptConflicts });

export const hoursExceptionResponse = z.object({
  id,
  providerId: id,
  kind: z.enum(["time_off", "extra_hours"]),
  startsAt: instantOut,
  endsAt: instantOut,
  note: z.string().nullable(),
});

/** At most 31 days per entry: longer absences are several entries (and usually a deactivation). */
export const newHoursExceptionBody = z
  .strictObject({
    kind: z.enum(["time_off", "extra_hours"]),
    startsAt: instant,
    endsAt: instant,
    note: noteText(500).nullable().default(null),
    acceptConflicts,
  })
  .superRefine((e, ctx) => {
    const ms = Date.parse(e.endsAt) - Date.parse(e.startsAt);
    if (ms <= 0) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt" });
    else if (ms > 31 * 24 * 3_600_000)
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be at most 31 days after startsAt" });
  });

export const hoursExceptionWindowQuery = z
  .strictObject({ from: instant, to: instant })
  .superRefine((w, ctx) => {
    const ms = Date.parse(w.to) - Date.parse(w.from);
    if (ms <= 0) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
    else if (ms > 400 * 24 * 3_600_000)
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be at most 400 days after from" });
  });

/** `active: false` is a retired room: never offered again, kept for the bookings that name it. */
export const roomResponse = z.object({ id, name: z.string(), kind: roomKind, active: z.boolean() });
export const newRoomBody = z.strictObject({
  name: trimmedText(200),
  kind: roomKind.default("treatment"),
  active: z.boolean().default(true),
});
export const roomChangesBody = z.strictObject({
  name: trimmedText(200).optional(),
  kind: roomKind.optional(),
  active: z.boolean().optional(),
  acceptConflicts,
});

export const deviceResponse = z.object({ id, name: z.string(), kind: z.string(), active: z.boolean() });
export const newDeviceBody = z.strictObject({
  name: trimmedText(200),
  kind: deviceKind,
  active: z.boolean().default(true),
});
export const deviceChangesBody = z.strictObject({
  name: trimmedText(200).optional(),
  kind: deviceKind.optional(),
  active: z.boolean().optional(),
  acceptConflicts,
});

export const closureResponse = z.object({
  id,
  /** Clinic-zone calendar days, both included. */
  firstDay: dayOut,
  lastDay: dayOut,
  note: z.string().nullable(),
});

export const newClosureBody = z
  .strictObject({
    firstDay: calendarDay,
    lastDay: calendarDay,
    note: noteText(500).nullable().default(null),
    acceptConflicts,
  })
  .refine((c) => c.firstDay <= c.lastDay, { path: ["lastDay"], message: "must be on or after firstDay" });

export const closureChangesBody = z.strictObject({
  firstDay: calendarDay.optional(),
  lastDay: calendarDay.optional(),
  note: noteText(500).nullable().optional(),
  acceptConflicts,
});

export const closureWindowQuery = z.strictObject({
  /** Only closures holding a day on or after this one. */
  from: calendarDay.optional(),
  /** Only closures holding a day on or before this one. */
  to: calendarDay.optional(),
});
