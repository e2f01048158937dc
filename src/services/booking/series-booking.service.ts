import { randomUUID } from "node:crypto";
import { Temporal } from "temporal-polyfill";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { refusalForSession } from "../../domain/booking/patient-gating.js";
import type { Booking } from "../../domain/booking/types.js";
import type { Service } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { minSessionGap } from "../../domain/protocol/interval.js";
import type { Plan } from "../../domain/protocol/plan.js";
import { lastBookableDay, tooFarAhead } from "../../domain/scheduling/booking-horizon.js";
import { placeSeries } from "../../domain/scheduling/series-placement.js";
import { type Slot, searchSlots } from "../../domain/scheduling/slot-search.js";
import { addDays, dayOfInstant, startOfDay } from "../../domain/time/calendar.js";
import { listBookingsByPatient } from "../../store/booking.repository.js";
import { lockPatientForBooking } from "../../store/patient.repository.js";
import { findPlanById } from "../../store/plan.repository.js";
import type { Executor } from "../../store/schema.js";
import { lockSetupForBooking } from "../../store/setup-revision.repository.js";
import { authorizePatientAccess } from "../access.js";
import { getPatientOrFail } from "../clinic/clinic-context.js";
import { type ClinicSetup, loadClinicSetup, serviceByCode } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";
import { assertWithinBookingCaps } from "./booking-caps.js";
import { type BookingView, viewBookings } from "./booking-view.js";
import { writeBooking } from "./booking-writes.js";
import { idempotentRequest, idempotentWrite } from "./idempotency.js";
import { assertBookableStart, canonicalInstant, resolveRequestedSlot } from "./slot-resolution.js";
import { loadSearchBase } from "./slot-search.service.js";

export interface SeriesRequest {
  clinicId: string;
  patientId: string;
  planId: string;
  firstStartsAt: string;
  providerId?: string | undefined;
  /** Defaults to the clinic's treatment service carrying the plan's chosen add-on. */
  serviceCode?: string | undefined;
  idempotencyKey?: string | undefined;
  /** The account that sent the request: its Idempotency-Key is its own. */
  accountId?: string | null | undefined;
}

export interface SeriesResult {
  seriesId: string;
  bookings: Booking[];
  replayed: boolean;
}

async function getBookablePlanOrFail(db: Executor, patientId: string, planId: string) {
  const record = await findPlanById(db, planId);
  if (!record || record.patientId !== patientId) {
    throw new DomainError("not_found", "No such plan.", {
      fields: [{ path: "planId", message: "not found" }],
    });
  }
  if (record.status === "superseded") {
    throw new DomainError("invalid_state", "This plan has been superseded; book from the current plan.");
  }
  return { record, plan: record.data as Plan };
}

function serviceForPlan(setup: ClinicSetup, plan: Plan, code: string | undefined): Service {
  if (code !== undefined) return serviceByCode(setup, code);
  const addOn = plan.addOnsChosen[0] ?? null;
  const candidates = setup.services
    .filter((s) => s.active && s.isTreatment && s.addOn === addOn)
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  const service = candidates[0];
  if (!service || plan.addOnsChosen.length > 1) {
    throw new DomainError("invalid_input", "Name the service for this series.", {
      fields: [
        { path: "service", message: "is required: no single treatment service matches the plan's add-ons" },
      ],
    });
  }
  return service;
}

/** The day window in which session `index` (0-based) may fall, counted from session 1's clinic day. */
function sessionWindow(firstDay: string, index: number, minDays: number, maxDays: number, zone: string) {
  return {
    from: startOfDay(addDays(firstDay, index * minDays), zone),
    to: startOfDay(addDays(firstDay, index * maxDays + 1), zone),
  };
}

/**
 * Books a plan's series for a signed-in caller (a patient for themselves, staff for a patient of
 * their clinic); the answer names the service of each booking.
 */
export async function bookSeriesAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: Omit<SeriesRequest, "clinicId">,
): Promise<{ seriesId: string; bookings: BookingView[]; replayed: boolean }> {
  const { patient } = await authorizePatientAccess(deps.store.db, principal, request.patientId);
  const result = await bookSeries(deps, {
    ...request,
    clinicId: patient.clinicId,
    accountId: principal.accountId,
  });
  return { ...result, bookings: await viewBookings(deps, patient.clinicId, result.bookings) };
}

/**
 * Books every session of a plan in one transaction: all or nothing. Session 1 is at the time
 * asked for; each next one within the protocol's interval of the one before, the same provider
 * wherever possible, as close to the target gap as the calendar allows.
 */
export async function bookSeries(deps: ServiceDeps, request: SeriesRequest): Promise<SeriesResult> {
  const firstStartsAt = canonicalInstant(request.firstStartsAt, "firstStartsAt");
  const idempotent = idempotentRequest(request, request.idempotencyKey, "series", {
    ...request,
    firstStartsAt,
    idempotencyKey: null,
    accountId: null,
  });
  const { value, replayed } = await idempotentWrite(deps, idempotent, async (trx) => {
    await lockPatientForBooking(trx, deps.store.dialect, request.patientId);
    await lockSetupForBooking(trx, deps.store.dialect, request.clinicId);
    const now = deps.clock.now().toString();
    const setup = await loadClinicSetup(trx, request.clinicId, now, deps.setupCache);
    const { clinic } = setup;
    const patient = await getPatientOrFail(trx, clinic.id, request.patientId);
    const { record, plan } = await getBookablePlanOrFail(trx, request.patientId, request.planId);
    const service = serviceForPlan(setup, plan, request.serviceCode);
    if (plan.sessions.length === 0) {
      throw new DomainError("contraindicated", "The plan has no sessions: a hard contraindication stands.");
    }
    const existing = (await listBookingsByPatient(trx, request.patientId)).filter(
      (b) => b.planId === record.id && b.status === "booked",
    );
    if (existing.length > 0) {
      throw new DomainError(
        "conflict",
        "This plan's series is already booked; reschedule its sessions instead.",
      );
    }
    assertBookableStart(clinic, now, firstStartsAt, "firstStartsAt");

    // The clinic's protocol today, not the one the plan was computed under: a washout lengthened
    // since then applies to this series as it does to a single booking. The plan's version is
    // only what it was shown with.
    const protocol = setup.protocol.protocol;
    const { targetMinDays, targetMaxDays } = protocol.interval;
    const zone = clinic.timeZone;
    const firstDay = dayOfInstant(firstStartsAt, zone);
    const count = plan.sessions.length;
    // The last session lies at most (count - 1) × targetMaxDays after the first.
    const spanEnd = startOfDay(addDays(firstDay, (count - 1) * targetMaxDays + 1), zone);
    const { base, gating } = await loadSearchBase(trx, {
      dialect: deps.store.dialect,
      setup,
      service,
      protocol,
      from: firstStartsAt,
      to: spanEnd,
      now,
      patientId: request.patientId,
    });
    const refusal = gating && refusalForSession(gating, firstStartsAt);
    if (refusal) throw refusal;
    // The gap the booking gate enforces (an accepted interval override shortens it).
    const minDays = gating?.gapDays ?? minSessionGap(protocol, plan.overrides).days;
    // Session n cannot start before n × minDays after the first: past the last bookable day, say so.
    if (addDays(firstDay, (count - 1) * minDays) > lastBookableDay(clinic, now)) {
      throw tooFarAhead(clinic, now, "firstStartsAt");
    }
    const providerFilter = request.providerId === undefined ? {} : { providerId: request.providerId };
    const firstEnd = Temporal.Instant.from(firstStartsAt)
      .add({ minutes: service.durationMinutes })
      .toString();
    const firstCandidates = searchSlots({
      ...base,
      ...providerFilter,
      window: { from: firstStartsAt, to: firstEnd },
    }).filter((slot) => slot.startsAt === firstStartsAt);
    // No slot at that time: let the resolver name the obstacle.
    if (firstCandidates.length === 0) resolveRequestedSlot(base, firstStartsAt, request.providerId);

    const candidates: Slot[][] = [firstCandidates];
    for (let index = 1; index < count; index++) {
      const window = sessionWindow(firstDay, index, minDays, targetMaxDays, zone);
      candidates.push(searchSlots({ ...base, window }));
    }
    const chosen = placeSeries({
      candidates,
      timeZone: zone,
      minIntervalDays: minDays,
      maxIntervalDays: targetMaxDays,
      targetIntervalDays: targetMinDays,
      ...(request.providerId === undefined ? {} : { preferProviderId: request.providerId }),
    });
    if (!chosen) {
      throw new DomainError(
        "resource_unavailable",
        `No free slots keep all ${count} sessions ${minDays}–${targetMaxDays} days apart from this start; nothing was booked.`,
      );
    }
    await assertWithinBookingCaps(trx, setup, {
      patientId: request.patientId,
      now,
      adding: chosen.map((slot) => ({ startsAt: slot.startsAt, serviceId: service.id })),
    });

    const seriesId = randomUUID();
    const bookings: Booking[] = [];
    for (const [index, slot] of chosen.entries()) {
      bookings.push(
        await writeBooking(trx, deps.store, {
          clinicId: clinic.id,
          patientId: request.patientId,
          service,
          slot,
          now,
          series: { seriesId, seriesNumber: index + 1, planId: record.id },
          known: { setup, patient },
        }),
      );
    }
    await deps.recordWrite?.(trx, {
      patientId: request.patientId,
      action: "booking.series_create",
      detail: { seriesId, bookingIds: bookings.map((b) => b.id) },
    });
    return { seriesId, bookings };
  });
  return { ...value, replayed };
}
