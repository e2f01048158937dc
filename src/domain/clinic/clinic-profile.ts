import { z } from "zod";
import { timeZone } from "../time/time.schema.js";
import { text } from "../validation/text.js";
import { type BookingPolicy, DEFAULT_BOOKING_CAPS } from "./types.js";

/**
 * What a clinic is called and how it is reached, and the bounds of its booking policy: the one
 * place both the command line and the API check a new clinic and a change of its profile.
 */

/** Lower-case letters, digits and dashes, as it appears in every clinic URL. */
export const clinicSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a clinic slug (lower-case letters, digits, dashes)");

export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: "must be an email address" }));

export const clinicName = text({ max: 200 });
/** Several lines are fine: a street, a floor, a town. */
export const clinicAddress = text({ max: 500, multiline: true });
/** The number patients are told to call about a red flag; digits with the usual separators. */
export const clinicPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{5,30}$/, "must be a phone number");

const whole = (min: number, max: number) => z.int("must be a whole number").min(min).max(max);

/**
 * Each policy number between bounds a working clinic stays well inside: the upper ones stop a
 * typo (a notice of 120 days for 120 minutes) from quietly closing the calendar.
 */
export const bookingPolicyChanges = z
  .strictObject({
    /** Up to a week's notice. */
    minNoticeMinutes: whole(0, 7 * 24 * 60),
    /** A step that divides an hour, so slots fall on the same minutes every hour. */
    slotStepMinutes: z
      .int("must be a whole number")
      .refine((m) => [5, 10, 15, 20, 30, 60].includes(m), "must be 5, 10, 15, 20, 30 or 60"),
    /** Up to two weeks. */
    lateCancelHours: whole(0, 14 * 24),
    /** Up to two years ahead. */
    maxAdvanceDays: whole(1, 730),
    maxFutureTreatmentBookings: whole(1, 50),
    maxConsultationsPerDay: whole(1, 10),
    maxWaitlistEntries: whole(0, 20),
  })
  .partial();

export type BookingPolicyChanges = z.output<typeof bookingPolicyChanges>;

/** The policy a new clinic starts with; an admin changes it with the profile. */
export const DEFAULT_BOOKING_POLICY: Readonly<BookingPolicy> = Object.freeze({
  minNoticeMinutes: 120,
  slotStepMinutes: 15,
  lateCancelHours: 24,
  maxAdvanceDays: 180,
  ...DEFAULT_BOOKING_CAPS,
});

/** A new clinic and the email (and name) of its first admin. */
export const newClinicInput = z.strictObject({
  slug: clinicSlug,
  name: clinicName,
  timeZone,
  address: clinicAddress.optional(),
  phone: clinicPhone.optional(),
  adminEmail: emailAddress,
  adminName: text({ max: 200 }).optional(),
});

export type NewClinicInput = z.input<typeof newClinicInput>;

/** A change of a clinic's profile: at least one field; null clears the address or the phone. */
export const clinicProfileChanges = z
  .strictObject({
    name: clinicName.optional(),
    address: clinicAddress.nullable().optional(),
    phone: clinicPhone.nullable().optional(),
    timeZone: timeZone.optional(),
    policy: bookingPolicyChanges.optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, { message: "must change at least one field" });

export type ClinicProfileChangesInput = z.output<typeof clinicProfileChanges>;
