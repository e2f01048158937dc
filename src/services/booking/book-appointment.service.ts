import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { refusalForSession } from "../../domain/booking/patient-gating.js";
import type { Booking } from "../../domain/booking/types.js";
import type { Service } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { addMinutes } from "../../domain/time/instants.js";
import { startBookingWrite } from "../../store/patient.repository.js";
import { assertMayReachPatient, noSuchPatient } from "../access.js";
import { loadClinicSetup, loadClinicSetupAt, serviceByCode } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";
import { assertWithinBookingCaps, capsWindowStart } from "./booking-caps.js";
import { type BookingView, viewBooking } from "./booking-view.js";
import { writeBooking } from "./booking-writes.js";
import { idempotentRequest, idempotentWrite } from "./idempotency.js";
import { assertBookableStart, canonicalInstant, resolveRequestedSlot } from "./slot-resolution.js";
import { loadSearchBase } from "./slot-search.service.js";

export interface BookRequest {
  clinicId: string;
  patientId: string;
  serviceCode: string;
  startsAt: string;
  providerId?: string | undefined;
  idempotencyKey?: string | undefined;
  /** The account that sent the request: its Idempotency-Key is its own. */
  accountId?: string | null | undefined;
}

export interface BookResult {
  booking: Booking;
  /** True when an earlier request with the same Idempotency-Key made this booking. */
  replayed: boolean;
  /** The service it was booked as, when this request made it (not on a replay). */
  service?: Service;
}

/**
 * Books one appointment. One transaction re-reads everything, re-checks the protocol and the
 * slot, and writes; nothing read before it is trusted.
 */
export async function bookAppointment(
  deps: ServiceDeps,
  request: BookRequest,
  options: { patientNotFound?: () => DomainError } = {},
): Promise<BookResult> {
  const { store, clock } = deps;
  const startsAt = canonicalInstant(request.startsAt, "startsAt");
  const idempotent = idempotentRequest(request, request.idempotencyKey, "book", {
    patientId: request.patientId,
    serviceCode: request.serviceCode,
    startsAt,
    providerId: request.providerId ?? null,
  });
  // The service the booking was made with, kept for its answer (a replay made none here).
  let madeWith: Service | undefined;
  const { value, replayed } = await idempotentWrite(deps, idempotent, async (trx) => {
    // The patient's lock, the setup's share lock, the patient and the setup revision: one read.
    const start = await startBookingWrite(trx, store.dialect, request.clinicId, request.patientId);
    const now = clock.now().toString();
    if (start.patient === undefined || start.setupRevision === undefined) {
      // Say which is missing, the clinic or the patient, as the separate reads would.
      await loadClinicSetup(trx, request.clinicId, now, deps.setupCache);
      throw options.patientNotFound?.() ?? noSuchPatientField();
    }
    const setup = await loadClinicSetupAt(trx, request.clinicId, start.setupRevision, now, deps.setupCache);
    const { clinic } = setup;
    const service = serviceByCode(setup, request.serviceCode);
    assertBookableStart(clinic, now, startsAt);
    const endsAt = addMinutes(startsAt, service.durationMinutes);
    const { base, gating, capsBookings } = await loadSearchBase(trx, {
      dialect: store.dialect,
      setup,
      service,
      protocol: setup.protocol.protocol,
      from: startsAt,
      to: endsAt,
      now,
      patientId: request.patientId,
      capsFrom: capsWindowStart(setup, now),
    });
    const refusal = gating && refusalForSession(gating, startsAt);
    if (refusal) throw refusal;
    const slot = resolveRequestedSlot(base, startsAt, request.providerId);
    await assertWithinBookingCaps(trx, setup, {
      patientId: request.patientId,
      now,
      adding: [{ startsAt, serviceId: service.id }],
      existing: capsBookings,
    });
    const booking = await writeBooking(trx, store, {
      clinicId: clinic.id,
      patientId: request.patientId,
      service,
      slot,
      now,
      known: { setup, patient: start.patient },
    });
    await deps.recordWrite?.(trx, {
      patientId: booking.patientId,
      action: "booking.create",
      detail: { bookingId: booking.id },
    });
    madeWith = service;
    return booking;
  });
  return { booking: value, replayed, ...(replayed || !madeWith ? {} : { service: madeWith }) };
}

function noSuchPatientField(): DomainError {
  return new DomainError("not_found", "No such patient.", {
    fields: [{ path: "patientId", message: "not found" }],
  });
}

/**
 * Books one appointment for a signed-in caller: a patient for themselves, staff for a patient of
 * their clinic (anyone else gets the same 404 as a missing patient). The answer names the service.
 * The patient is looked up in the caller's clinic inside the booking's own transaction, with its
 * lock, rather than once before it and again inside.
 */
export async function bookAppointmentAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: Omit<BookRequest, "clinicId">,
): Promise<{ booking: BookingView; replayed: boolean }> {
  assertMayReachPatient(principal, request.patientId);
  const clinicId = principal.clinicId;
  const result = await bookAppointment(
    deps,
    { ...request, clinicId, accountId: principal.accountId },
    { patientNotFound: noSuchPatient },
  );
  // A fresh booking names its service from the setup it was made with; a replay reads the setup.
  const booking = result.service
    ? { ...result.booking, service: result.service.code }
    : await viewBooking(deps, clinicId, result.booking);
  return { booking, replayed: result.replayed };
}
