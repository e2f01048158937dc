import { Temporal } from "temporal-polyfill";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { refusalForSession } from "../../domain/booking/patient-gating.js";
import type { Booking } from "../../domain/booking/types.js";
import { lockPatientForBooking } from "../../store/patient.repository.js";
import { lockSetupForBooking } from "../../store/setup-revision.repository.js";
import { authorizePatientAccess } from "../access.js";
import { getPatientOrFail } from "../clinic/clinic-context.js";
import { loadClinicSetup, serviceByCode } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";
import { assertWithinBookingCaps } from "./booking-caps.js";
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
}

/**
 * Books one appointment. One transaction re-reads everything, re-checks the protocol and the
 * slot, and writes; nothing read before it is trusted.
 */
export async function bookAppointment(deps: ServiceDeps, request: BookRequest): Promise<BookResult> {
  const { store, clock } = deps;
  const startsAt = canonicalInstant(request.startsAt, "startsAt");
  const idempotent = idempotentRequest(request, request.idempotencyKey, "book", {
    patientId: request.patientId,
    serviceCode: request.serviceCode,
    startsAt,
    providerId: request.providerId ?? null,
  });
  const { value, replayed } = await idempotentWrite(deps, idempotent, async (trx) => {
    await lockPatientForBooking(trx, store.dialect, request.patientId);
    await lockSetupForBooking(trx, store.dialect, request.clinicId);
    const now = clock.now().toString();
    const setup = await loadClinicSetup(trx, request.clinicId, now, deps.setupCache);
    const { clinic } = setup;
    const service = serviceByCode(setup, request.serviceCode);
    await getPatientOrFail(trx, clinic.id, request.patientId);
    assertBookableStart(clinic, now, startsAt);
    const endsAt = Temporal.Instant.from(startsAt).add({ minutes: service.durationMinutes }).toString();
    const { base, gating } = await loadSearchBase(trx, {
      setup,
      service,
      protocol: setup.protocol.protocol,
      from: startsAt,
      to: endsAt,
      now,
      patientId: request.patientId,
    });
    const refusal = gating && refusalForSession(gating, startsAt);
    if (refusal) throw refusal;
    const slot = resolveRequestedSlot(base, startsAt, request.providerId);
    await assertWithinBookingCaps(trx, setup, {
      patientId: request.patientId,
      now,
      adding: [{ startsAt, serviceId: service.id }],
    });
    const booking = await writeBooking(trx, store.outboxIds, {
      clinicId: clinic.id,
      patientId: request.patientId,
      service,
      slot,
      now,
    });
    await deps.recordWrite?.(trx, {
      patientId: booking.patientId,
      action: "booking.create",
      detail: { bookingId: booking.id },
    });
    return booking;
  });
  return { booking: value, replayed };
}

/**
 * Books one appointment for a signed-in caller: a patient for themselves, staff for a patient of
 * their clinic (anyone else gets the same 404 as a missing patient). The answer names the service.
 */
export async function bookAppointmentAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: Omit<BookRequest, "clinicId">,
): Promise<{ booking: BookingView; replayed: boolean }> {
  const { patient } = await authorizePatientAccess(deps.store.db, principal, request.patientId);
  const result = await bookAppointment(deps, {
    ...request,
    clinicId: patient.clinicId,
    accountId: principal.accountId,
  });
  return { booking: await viewBooking(deps, patient.clinicId, result.booking), replayed: result.replayed };
}
