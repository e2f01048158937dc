/**
 * The clinic's set-up as the rules see it. Instants are ISO-8601 UTC strings
 * (`2026-12-10T14:00:00Z`); wall-clock values are `HH:MM` in the clinic's zone;
 * calendar days are `YYYY-MM-DD` in the clinic's zone.
 */

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // ISO: 1 = Monday … 7 = Sunday

/**
 * How much of the calendar one patient may hold at once, so that a single account (or a script
 * behind it) cannot squat on the clinic's time. Staff booking on a patient's behalf obey them too.
 */
export interface BookingCaps {
  /** Booked treatment sessions that have not started yet; every session of a series counts. */
  maxFutureTreatmentBookings: number;
  /** Consultations (services that are not treatments) on one clinic day, cancelled ones aside. */
  maxConsultationsPerDay: number;
  /** Waitlist entries still waiting. */
  maxWaitlistEntries: number;
}

/** The caps a clinic has when its policy names none (policies stored before the caps existed). */
export const DEFAULT_BOOKING_CAPS: Readonly<BookingCaps> = Object.freeze({
  maxFutureTreatmentBookings: 6,
  maxConsultationsPerDay: 1,
  maxWaitlistEntries: 3,
});

export interface BookingPolicy extends BookingCaps {
  /** Slots start at least this long after "now". */
  minNoticeMinutes: number;
  /** Candidate start times are this far apart, counted from the opening time. */
  slotStepMinutes: number;
  /** A cancellation closer than this to the start is flagged late. */
  lateCancelHours: number;
  /** How far ahead a patient may book. */
  maxAdvanceDays: number;
}

/** A policy as stored or given: the caps may be missing, and then take their defaults. */
export type BookingPolicyInput = Omit<BookingPolicy, keyof BookingCaps> & Partial<BookingCaps>;

/** The complete policy: every cap the input leaves out takes its default. */
export function withDefaultCaps(input: BookingPolicyInput): BookingPolicy {
  const caps = { ...DEFAULT_BOOKING_CAPS };
  for (const key of Object.keys(caps) as (keyof BookingCaps)[]) {
    const value = input[key];
    if (value !== undefined) caps[key] = value;
  }
  return { ...input, ...caps };
}

export interface Clinic {
  id: string;
  slug: string;
  name: string;
  timeZone: string; // IANA, e.g. America/New_York
  policy: BookingPolicy;
  /** Where the clinic is; null until an admin fills it in. */
  address: string | null;
  /** The number patients call, e.g. about a red flag after a treatment; null until filled in. */
  phone: string | null;
}

export interface WorkingHours {
  weekday: Weekday;
  startTime: string; // HH:MM, clinic zone
  endTime: string; // HH:MM, clinic zone, after startTime
}

/** A dated change to a provider's week: time off, or extra hours. */
export interface HoursException {
  id: string;
  providerId: string;
  kind: "time_off" | "extra_hours";
  startsAt: string; // UTC instant
  endsAt: string; // UTC instant
  note: string | null;
}

export interface Provider {
  id: string;
  clinicId: string;
  name: string;
  /** Service codes this provider may perform. */
  skills: string[];
  weeklyHours: WorkingHours[];
  active: boolean;
}

/** What a room is for: a service names the kinds it may use (`Service.roomKinds`). */
export const ROOM_KINDS = ["treatment", "consult"] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export interface Room {
  id: string;
  clinicId: string;
  name: string;
  kind: RoomKind;
  /** A retired room (false) is never offered; it stays for the bookings that named it. */
  active: boolean;
}

export type DeviceKind = "rf" | "centrifuge" | (string & {});

export interface Device {
  id: string;
  clinicId: string;
  name: string;
  kind: DeviceKind;
  active: boolean;
}

export type AddOnCode = "prp" | "rf";

export interface Service {
  id: string;
  clinicId: string;
  code: string; // e.g. microneedling, microneedling_prp, rf_microneedling, consultation
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  needsRoom: boolean;
  /** The kinds of room it may be booked into when it needs a room, the preferred kind first. */
  roomKinds: RoomKind[];
  /** One device of each listed kind is held for the whole appointment. */
  deviceKinds: DeviceKind[];
  /** The add-on the service carries; its contraindications apply. */
  addOn: AddOnCode | null;
  /** Whether the protocol governs this service (a consultation is not a treatment session). */
  isTreatment: boolean;
  active: boolean;
}

/**
 * Whole days the clinic is closed (a holiday, a week off): `firstDay` … `lastDay`, both included,
 * calendar days in the clinic's zone. Nothing is offered or booked on them.
 */
export interface ClinicClosure {
  id: string;
  clinicId: string;
  firstDay: string;
  lastDay: string;
  note: string | null;
}

export interface Patient {
  id: string;
  clinicId: string;
  name: string;
  email: string | null;
  phone: string | null;
  timeZone: string; // IANA, the patient's own, for display and reminders
}
