import { Temporal } from "temporal-polyfill";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Booking } from "../../domain/booking/types.js";
import type { ClinicClosure } from "../../domain/clinic/types.js";
import { DomainError, type FieldProblem } from "../../domain/errors.js";
import { addDays, calendarDayProblem, daysBetween, startOfDay } from "../../domain/time/calendar.js";
import { listBookingsInWindow } from "../../store/booking.repository.js";
import { listClosures } from "../../store/closure.repository.js";
import { findPatientsByIds } from "../../store/patient.repository.js";
import { listHoursExceptions } from "../../store/provider.repository.js";
import type { Executor } from "../../store/schema.js";
import { auditStaffAction } from "../audit.js";
import { loadClinicSetup } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";

/** The longest range one calendar request covers, in clinic days (both ends included). */
export const MAX_CALENDAR_DAYS = 14;

/** Statuses shown unless cancelled bookings are asked for too. */
const SHOWN_STATUSES = ["booked", "completed", "no_show"] as const;

export interface CalendarAppointment {
  bookingId: string;
  patientId: string;
  patientName: string;
  /** The service's code, as requests name it. */
  service: string;
  providerId: string;
  roomId: string | null;
  deviceIds: string[];
  startsAt: string;
  endsAt: string;
  /** The same instants on the clinic's wall clock, with their UTC offset (`2030-01-07T10:00:00-05:00`). */
  localStartsAt: string;
  localEndsAt: string;
  status: Booking["status"];
  seriesNumber: number | null;
}

/** A provider's time off overlapping the range, whole (it may start before or end after it). */
export interface CalendarTimeOff {
  id: string;
  startsAt: string;
  endsAt: string;
  localStartsAt: string;
  localEndsAt: string;
  note: string | null;
}

/** A day or range the whole clinic is closed. */
/** A whole-clinic closure, in clinic days (both included), as the closures routes name them. */
export type CalendarClosure = Omit<ClinicClosure, "clinicId">;

export interface ClinicCalendar {
  /** First and last clinic day shown (both included). */
  from: string;
  to: string;
  /** The day, when the calendar shows one. */
  date?: string;
  timeZone: string;
  providers: {
    id: string;
    name: string;
    appointments: CalendarAppointment[];
    timeOff: CalendarTimeOff[];
  }[];
  rooms: { id: string; name: string; appointments: CalendarAppointment[] }[];
  closures: CalendarClosure[];
}

export interface CalendarRequest {
  /** A one-day shortcut: the same as `from` and `to` both set to it. */
  date?: string | undefined;
  from?: string | undefined;
  /** Defaults to `from`. */
  to?: string | undefined;
  includeCancelled?: boolean | undefined;
}

/** The clinic days a request names, checked: real days, in order, at most `MAX_CALENDAR_DAYS`. */
function calendarDays(request: CalendarRequest): { from: string; to: string } {
  const fields: FieldProblem[] = [];
  const from = request.from ?? request.date;
  const to = request.to ?? from;
  if (request.date !== undefined && (request.from !== undefined || request.to !== undefined)) {
    fields.push({ path: "date", message: "give either date or from and to" });
  } else if (from === undefined || to === undefined) {
    fields.push({ path: "from", message: "is required (or date)" });
  } else {
    for (const [path, value] of [
      [request.date === undefined ? "from" : "date", from],
      ["to", to],
    ] as const) {
      const problem = calendarDayProblem(value);
      if (problem !== undefined) fields.push({ path, message: problem });
    }
    if (fields.length === 0 && to < from) fields.push({ path: "to", message: "must not be before from" });
    else if (fields.length === 0 && daysBetween(from, to) + 1 > MAX_CALENDAR_DAYS) {
      fields.push({
        path: "to",
        message: `must be at most ${MAX_CALENDAR_DAYS} days from from, both included`,
      });
    }
  }
  if (fields.length > 0 || from === undefined || to === undefined) {
    throw new DomainError(
      "invalid_input",
      `The calendar shows one day (date) or a range of at most ${MAX_CALENDAR_DAYS} days (from, to), each a day YYYY-MM-DD in the supported years.`,
      { fields },
    );
  }
  return { from, to };
}

/** An instant on a zone's wall clock, with its offset, to the second. */
export function wallClockOf(instant: string, timeZone: string): string {
  return Temporal.Instant.from(instant)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: "never", smallestUnit: "second" });
}

/** The clinic's closures that hold a day of the range. */
async function listClosuresForCalendar(
  db: Executor,
  clinicId: string,
  range: { from: string; to: string },
): Promise<CalendarClosure[]> {
  const closures = await listClosures(db, clinicId, { fromDay: range.from, toDay: range.to });
  return closures.map(({ clinicId: _clinic, ...closure }) => closure);
}

/**
 * Clinic days `from` to `to` (their own calendar, DST-aware: 23 or 25 hours when the clocks
 * change), by provider (with their time off) and by room. Cancelled bookings only when asked for.
 */
export async function getClinicCalendar(
  deps: ServiceDeps,
  clinicId: string,
  request: CalendarRequest,
): Promise<ClinicCalendar> {
  const days = calendarDays(request);
  const db = deps.store.db;
  const setup = await loadClinicSetup(db, clinicId, deps.clock.now().toString(), deps.setupCache);
  const { clinic, services } = setup;
  const zone = clinic.timeZone;
  const from = startOfDay(days.from, zone);
  const to = startOfDay(addDays(days.to, 1), zone);
  const [bookings, exceptions, closures] = await Promise.all([
    listBookingsInWindow(db, clinic.id, from, to, {
      ...(request.includeCancelled !== true && { statuses: SHOWN_STATUSES }),
    }),
    listHoursExceptions(db, { clinicId: clinic.id }, from, to),
    listClosuresForCalendar(db, clinic.id, days),
  ]);
  const patients = await findPatientsByIds(
    db,
    clinic.id,
    bookings.map((b) => b.patientId),
  );
  const serviceCodes = new Map(services.map((s) => [s.id, s.code]));
  const patientName = new Map(patients.map((p) => [p.id, p.name]));
  const appointments: CalendarAppointment[] = bookings.map((b) => ({
    bookingId: b.id,
    patientId: b.patientId,
    patientName: patientName.get(b.patientId) ?? "",
    service: serviceCodes.get(b.serviceId) ?? "",
    providerId: b.providerId,
    roomId: b.roomId,
    deviceIds: b.deviceIds,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    localStartsAt: wallClockOf(b.startsAt, zone),
    localEndsAt: wallClockOf(b.endsAt, zone),
    status: b.status,
    seriesNumber: b.seriesNumber,
  }));
  const timeOff = exceptions.filter((e) => e.kind === "time_off");
  return {
    ...days,
    ...(days.from === days.to && { date: days.from }),
    timeZone: zone,
    providers: setup.providers.map((p) => ({
      id: p.id,
      name: p.name,
      appointments: appointments.filter((a) => a.providerId === p.id),
      timeOff: timeOff
        .filter((e) => e.providerId === p.id)
        .map((e) => ({
          id: e.id,
          startsAt: e.startsAt,
          endsAt: e.endsAt,
          localStartsAt: wallClockOf(e.startsAt, zone),
          localEndsAt: wallClockOf(e.endsAt, zone),
          note: e.note,
        })),
    })),
    rooms: setup.rooms.map((r) => ({
      id: r.id,
      name: r.name,
      appointments: appointments.filter((a) => a.roomId === r.id),
    })),
    closures,
  };
}

/** One clinic day: `getClinicCalendar` from and to that day. */
export function getDayCalendar(deps: ServiceDeps, clinicId: string, date: string): Promise<ClinicCalendar> {
  return getClinicCalendar(deps, clinicId, { date });
}

/**
 * The calendar of the caller's own clinic (the route checked the role). The read is audited in
 * one row naming the days and every patient it showed.
 */
export async function getClinicCalendarAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: CalendarRequest,
): Promise<ClinicCalendar> {
  const calendar = await getClinicCalendar(deps, principal.clinicId, request);
  const shown = new Set<string>();
  for (const resource of [...calendar.providers, ...calendar.rooms])
    for (const appointment of resource.appointments) shown.add(appointment.patientId);
  await auditStaffAction(deps.store.db, principal, "calendar.read", deps.clock.now().toString(), {
    from: calendar.from,
    to: calendar.to,
    ...(calendar.date !== undefined && { date: calendar.date }),
    patientIds: [...shown].sort(),
  });
  return calendar;
}
