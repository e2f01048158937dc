import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Booking } from "../../domain/booking/types.js";
import { DomainError } from "../../domain/errors.js";
import { addDays, calendarDayProblem, startOfDay } from "../../domain/time/calendar.js";
import { listBookingsInWindow } from "../../store/booking.repository.js";
import { findPatientsByIds } from "../../store/patient.repository.js";
import { auditStaffAction } from "../audit.js";
import { loadClinicSetup } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";

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
  status: Booking["status"];
  seriesNumber: number | null;
}

export interface DayCalendar {
  date: string;
  timeZone: string;
  providers: { id: string; name: string; appointments: CalendarAppointment[] }[];
  rooms: { id: string; name: string; appointments: CalendarAppointment[] }[];
}

/** One clinic day (its own calendar, DST-aware: 23 or 25 hours when the clocks change), by provider and by room. */
export async function getDayCalendar(
  deps: ServiceDeps,
  clinicId: string,
  date: string,
): Promise<DayCalendar> {
  const problem = calendarDayProblem(date);
  if (problem !== undefined) {
    throw new DomainError("invalid_input", "Date must be a day YYYY-MM-DD in the supported years.", {
      fields: [{ path: "date", message: problem }],
    });
  }
  const db = deps.store.db;
  const setup = await loadClinicSetup(db, clinicId, deps.clock.now().toString(), deps.setupCache);
  const { clinic, services } = setup;
  const resources = setup;
  const from = startOfDay(date, clinic.timeZone).toString();
  const to = startOfDay(addDays(date, 1), clinic.timeZone).toString();
  const bookings = await listBookingsInWindow(db, clinic.id, from, to);
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
    status: b.status,
    seriesNumber: b.seriesNumber,
  }));
  return {
    date,
    timeZone: clinic.timeZone,
    providers: resources.providers.map((p) => ({
      id: p.id,
      name: p.name,
      appointments: appointments.filter((a) => a.providerId === p.id),
    })),
    rooms: resources.rooms.map((r) => ({
      id: r.id,
      name: r.name,
      appointments: appointments.filter((a) => a.roomId === r.id),
    })),
  };
}

/**
 * The calendar of the caller's own clinic (the route checked the role). The read is audited in
 * one row naming the day and every patient it showed.
 */
export async function getDayCalendarAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  date: string,
): Promise<DayCalendar> {
  const day = await getDayCalendar(deps, principal.clinicId, date);
  const shown = new Set<string>();
  for (const resource of [...day.providers, ...day.rooms])
    for (const appointment of resource.appointments) shown.add(appointment.patientId);
  await auditStaffAction(deps.store.db, principal, "calendar.read", deps.clock.now().toString(), {
    date: day.date,
    patientIds: [...shown].sort(),
  });
  return day;
}
