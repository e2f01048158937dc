import { z } from "zod";
import { CHECK_IN_DAYS, checkInAnswersSchema, SWELLING_LEVELS } from "../../domain/checkins/check-in.js";
import { clinicParams, dayOut, id, instantOut, limit, offset } from "./common.js";

const DAY_NAMES = CHECK_IN_DAYS.map(String) as ["3", "14", "60"];

export const checkInParams = z.strictObject({
  bookingId: id,
  day: z
    .enum(DAY_NAMES, { error: `must be one of ${DAY_NAMES.join(", ")}` })
    .transform((day) => Number(day) as (typeof CHECK_IN_DAYS)[number]),
});

/** The answers, validated by the domain's own schema (the same bounds the judgment assumes). */
export const checkInBody = checkInAnswersSchema;

const answersOut = z.object({
  redness: z.int(),
  swelling: z.enum(SWELLING_LEVELS),
  warmthOrPus: z.boolean(),
  fever: z.boolean(),
  newBumps: z.boolean(),
  painNotRelievedByAcetaminophen: z.boolean(),
  coldSore: z.boolean(),
  satisfaction: z.int(),
  note: z.string().nullable().optional(),
});

const checkIn = z.object({
  day: z.int().meta({ description: "Days after the session's end: 3, 14 or 60" }),
  opensOn: dayOut.meta({ description: "The day (patient's zone) from which the patient may answer" }),
  status: z.enum(["not_yet_open", "open", "answered"]),
  answers: answersOut.nullable(),
  answeredAt: instantOut.nullable(),
});

export const checkInsResponse = z.object({
  bookingId: z.string(),
  timeZone: z.string(),
  checkIns: z.array(checkIn),
});

export const answeredCheckInResponse = checkIn.extend({
  clinicAlerted: z.boolean().meta({ description: "True when the answers raised an alert for the clinic" }),
});

export const alertResponse = z.object({
  id: z.string(),
  patientId: z.string(),
  bookingId: z.string(),
  checkInDay: z.int(),
  codes: z.array(z.string()).meta({ description: "The protocol's red-flag codes the answers showed" }),
  severity: z.enum(["urgent", "attention"]),
  summary: z.string(),
  raisedAt: instantOut,
  acknowledgedAt: instantOut.nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  responseMinutes: z
    .int()
    .nullable()
    .meta({ description: "Whole minutes from raised to first acknowledged; null while open" }),
});

export const inboxAlertResponse = alertResponse.extend({ patientName: z.string() });

export const alertsQuery = z.strictObject({
  status: z.enum(["open", "all"], { error: "must be open or all" }).default("open"),
  limit: limit(200, 50),
  offset,
});

export const alertParams = clinicParams.extend({ alertId: id });
