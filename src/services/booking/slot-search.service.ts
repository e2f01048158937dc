import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { type PatientGating, patientWindow } from "../../domain/booking/patient-gating.js";
import type { Booking } from "../../domain/booking/types.js";
import type { Service } from "../../domain/clinic/types.js";
import { DomainError, unauthenticated } from "../../domain/errors.js";
import type { Protocol } from "../../domain/protocol/protocol.schema.js";
import { type Slot, searchSlots } from "../../domain/scheduling/slot-search.js";
import { addMinutes, minutesBetween } from "../../domain/time/instants.js";
import { findBookingById, heldResourceIds } from "../../store/booking.repository.js";
import { findClinicBySlug } from "../../store/clinic.repository.js";
import type { DialectName } from "../../store/database.js";
import { listBusyOf } from "../../store/hold.repository.js";
import type { Executor } from "../../store/schema.js";
import { findClinicRevisions } from "../../store/setup-revision.repository.js";
import { authorizeBookingAccess, authorizePatientAccess, noSuchBooking, noSuchClinic } from "../access.js";
import { auditPatientData } from "../audit.js";
import { getPatientOrFail } from "../clinic/clinic-context.js";
import {
  type ClinicSetup,
  loadClinicSetup,
  loadClinicSetupAt,
  serviceByCode,
} from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";
import type { ClinicHoldsCache } from "./holds-cache.js";
import { loadPatientContext } from "./patient-context.js";
import { canonicalInstant, type SearchBase } from "./slot-resolution.js";

/** The longest window one search may cover; a month view needs 31 days, a quarter 93. */
export const MAX_WINDOW_DAYS = 93;

export interface SlotQuery {
  clinicId: string;
  serviceCode: string;
  from: string;
  to: string;
  patientId?: string | undefined;
  providerId?: string | undefined;
  limit?: number | undefined;
  /**
   * A booking the patient is moving: the search drops its holds and counts it as gone for the
   * spacing and caps, so times next to (or overlapping) it are offered. The move itself is judged
   * again in full by the reschedule write.
   */
  reschedulingBookingId?: string | undefined;
}

export interface SlotAnswer {
  slots: Slot[];
  /** Why a patient gets no slot at all (a hard block, a pending review), when that is the case. */
  refusal: { code: string; detail: string } | null;
}

export function parseWindow(from: string, to: string): { from: string; to: string } {
  const start = canonicalInstant(from, "from");
  const end = canonicalInstant(to, "to");
  const days = minutesBetween(start, end) / (24 * 60);
  if (days <= 0) {
    throw new DomainError("invalid_input", "From must be before to.", {
      fields: [{ path: "to", message: "must be after from" }],
    });
  }
  if (days > MAX_WINDOW_DAYS) {
    throw new DomainError("invalid_input", `The window may cover at most ${MAX_WINDOW_DAYS} days.`, {
      fields: [{ path: "to", message: `must be at most ${MAX_WINDOW_DAYS} days after from` }],
    });
  }
  return { from: start, to: end };
}

export interface SearchContext {
  base: SearchBase;
  /** Why this patient can have no session at all, if so. */
  refusal: DomainError | null;
  /** The protocol's judgement of the patient, for a treatment service with a patient. */
  gating: PatientGating | null;
  /** With a patient and `capsFrom`: their uncancelled bookings from then on, by start. */
  capsBookings?: Booking[];
}

/**
 * The inputs of a search over [from, to), read in a fixed number of queries whatever the window:
 * resources, exceptions, the holds of every resource the service could use, and (for a patient)
 * their intake, accepted plan and bookings.
 */
export async function loadSearchBase(
  db: Executor,
  args: {
    dialect: DialectName;
    setup: ClinicSetup;
    service: Service;
    protocol: Protocol;
    from: string;
    to: string;
    now: string;
    patientId?: string | undefined;
    excludeBookings?: readonly Booking[];
    /** A booking write: also read the patient's uncancelled bookings from then on, for the caps. */
    capsFrom?: string | undefined;
    /**
     * A search outside any write transaction: take the holds from the instance's cache, at the
     * booking revision read with the setup's. A write reads its few holds itself, under its locks.
     */
    holds?: { cache: ClinicHoldsCache; bookingRevision: number } | undefined;
  },
): Promise<SearchContext> {
  const { setup, service } = args;
  const { clinic, exceptions } = setup;
  const resources = { providers: setup.providers, rooms: setup.rooms, devices: setup.devices };
  const margin = service.bufferBeforeMinutes + service.bufferAfterMinutes + 60;
  const busyFrom = addMinutes(args.from, -margin);
  const busyTo = addMinutes(args.to, margin);
  // Only the holds the search can weigh: providers with the skill, rooms of a kind the service may
  // use if it needs one, devices of its kinds (a month of a busy clinic's holds is thousands of rows).
  const usable = [
    ...resources.providers.filter((p) => p.active && p.skills.includes(service.code)),
    ...(service.needsRoom
      ? resources.rooms.filter((r) => r.active && service.roomKinds.includes(r.kind))
      : []),
    ...resources.devices.filter((d) => d.active && service.deviceKinds.includes(d.kind)),
  ];
  const resourceIds = usable.map((r) => r.id);
  // A write for a patient reads the holds with the patient's records, in one statement; a search
  // takes them from the instance's cache.
  const readWithPatient = args.holds === undefined && args.patientId !== undefined;
  const context =
    args.patientId === undefined
      ? undefined
      : await loadPatientContext(db, {
          dialect: args.dialect,
          clinic,
          protocol: args.protocol,
          patientId: args.patientId,
          service,
          services: setup.services,
          from: args.from,
          to: args.to,
          now: args.now,
          excludeBookingIds: (args.excludeBookings ?? []).map((b) => b.id),
          capsFrom: args.capsFrom,
          busy: readWithPatient ? { resourceIds, from: busyFrom, to: busyTo } : undefined,
        });
  const readBusy = () =>
    args.holds
      ? args.holds.cache.busyOf(db, {
          clinicId: clinic.id,
          bookingRevision: args.holds.bookingRevision,
          setupRevision: setup.revision,
          clinicResourceIds: [...resources.providers, ...resources.rooms, ...resources.devices].map(
            (r) => r.id,
          ),
          resourceIds,
          from: busyFrom,
          to: busyTo,
        })
      : listBusyOf(db, resourceIds, busyFrom, busyTo);
  const busy = context?.busy ?? (await readBusy());
  const excluded = args.excludeBookings ?? [];
  // A booking being moved must not stand in its own way: drop its holds.
  const ownHold = (b: { resourceId: string; startsAt: string; endsAt: string }) =>
    excluded.some(
      (x) =>
        x.blockStartsAt === b.startsAt &&
        x.blockEndsAt === b.endsAt &&
        heldResourceIds(x).includes(b.resourceId),
    );
  const base: SearchBase = {
    clinic,
    service,
    ...resources,
    exceptions,
    closures: setup.closures,
    busy: excluded.length === 0 ? busy : busy.filter((b) => !ownHold(b)),
    now: args.now,
  };
  if (context === undefined) return { base, refusal: null, gating: null };
  const caps = context.uncancelledFromCaps === undefined ? {} : { capsBookings: context.uncancelledFromCaps };
  const ownBookings = context.bookings.map((b) => ({ startsAt: b.blockStartsAt, endsAt: b.blockEndsAt }));
  // Gating is null for a service that is not a treatment: the protocol does not judge it, and
  // only the patient's own bookings stand in the way.
  const gating = context.gating;
  if (gating === null) {
    return { base: { ...base, patient: { forbidden: ownBookings } }, refusal: null, gating: null, ...caps };
  }
  const window = patientWindow(gating);
  if (window.blocked) {
    return {
      base: { ...base, patient: { forbidden: [], blocked: true } },
      refusal: window.error,
      gating,
      ...caps,
    };
  }
  return {
    base: { ...base, patient: { forbidden: [...window.forbidden, ...ownBookings] } },
    refusal: null,
    gating,
    ...caps,
  };
}

/** Bookable slots for a service over a window; for a patient, only those the protocol allows. */
export async function findSlots(deps: ServiceDeps, query: SlotQuery): Promise<SlotAnswer> {
  const window = parseWindow(query.from, query.to);
  const db = deps.store.db;
  const now = deps.clock.now().toString();
  const cache = deps.setupCache;
  let setup: ClinicSetup;
  let holds: { cache: ClinicHoldsCache; bookingRevision: number } | undefined;
  if (cache) {
    // One read tells whether the kept setup and the kept holds still stand.
    const revisions = await findClinicRevisions(db, query.clinicId);
    if (revisions === undefined) throw noSuchClinic();
    setup = await loadClinicSetupAt(db, query.clinicId, revisions.setup, now, cache);
    holds = { cache: cache.holds, bookingRevision: revisions.booking };
  } else {
    setup = await loadClinicSetup(db, query.clinicId, now);
  }
  const service = serviceByCode(setup, query.serviceCode);
  if (query.patientId !== undefined) await getPatientOrFail(db, setup.clinic.id, query.patientId);
  const moving = await findMovingBooking(db, setup.clinic.id, query);
  const { base, refusal } = await loadSearchBase(db, {
    dialect: deps.store.dialect,
    setup,
    service,
    protocol: setup.protocol.protocol,
    ...window,
    now,
    patientId: query.patientId,
    holds,
    excludeBookings: moving ? [moving] : [],
  });
  const slots = searchSlots({
    ...base,
    window,
    ...(query.providerId === undefined ? {} : { providerId: query.providerId }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
  });
  return { slots, refusal: refusal ? { code: refusal.code, detail: refusal.message } : null };
}

/** The booking a search is moving, which must be the searched patient's own. */
async function findMovingBooking(
  db: Executor,
  clinicId: string,
  query: SlotQuery,
): Promise<Booking | undefined> {
  if (query.reschedulingBookingId === undefined) return undefined;
  const booking = await findBookingById(db, clinicId, query.reschedulingBookingId);
  if (!booking || booking.patientId !== query.patientId) throw noSuchBooking();
  return booking;
}

export interface ClinicSlotQuery {
  clinicSlug: string;
  serviceCode: string;
  from: string;
  to: string;
  /** Staff may name a patient; a signed-in patient of the clinic is always gated as themselves. */
  patientId?: string | undefined;
  providerId?: string | undefined;
  limit: number;
  /** A booking being moved (the caller must reach it): searched as its patient, without it. */
  rescheduling?: string | undefined;
}

/** The slots answer, echoing the request's names (`service`, `from`, `to`). */
export interface ClinicSlotAnswer extends SlotAnswer {
  service: string;
  from: string;
  to: string;
  /** True when the window holds more slots than `limit`: ask again from the last one shown. */
  truncated: boolean;
}

/**
 * Slot search as the public API offers it: anyone may look; a signed-in patient of the clinic
 * always gets their own protocol gating; naming a patient needs a sign-in and access to them
 * (a staff search for a patient is audited).
 */
export async function findClinicSlots(
  deps: ServiceDeps,
  principal: SessionPrincipal | null,
  query: ClinicSlotQuery,
): Promise<ClinicSlotAnswer> {
  const db = deps.store.db;
  const clinic = await findClinicBySlug(db, query.clinicSlug);
  if (!clinic) throw noSuchClinic();
  let patientId =
    principal?.role === "patient" && principal.clinicId === clinic.id
      ? (principal.patientId ?? undefined)
      : undefined;
  if (query.patientId !== undefined) {
    if (!principal) throw unauthenticated();
    const access = await authorizePatientAccess(db, principal, query.patientId);
    if (access.patient.clinicId !== clinic.id) throw noSuchClinic();
    await auditPatientData(db, access, "slots.search", deps.clock.now().toString());
    patientId = access.patient.id;
  }
  if (query.rescheduling !== undefined) {
    if (!principal) throw unauthenticated();
    // A booking of another clinic is as unknown here as a missing one.
    if (principal.clinicId !== clinic.id) throw noSuchBooking();
    const { access, booking } = await authorizeBookingAccess(db, principal, query.rescheduling);
    if (query.patientId !== undefined && query.patientId !== booking.patientId) {
      throw new DomainError("invalid_input", "The booking being moved is not this patient's.", {
        fields: [{ path: "rescheduling", message: "must be a booking of patientId" }],
      });
    }
    if (query.patientId === undefined) {
      await auditPatientData(db, access, "slots.search", deps.clock.now().toString(), {
        bookingId: booking.id,
      });
    }
    // Moving a booking is always searched as its patient, so the times offered are theirs to take.
    patientId = booking.patientId;
  }
  const window = parseWindow(query.from, query.to);
  // One more than asked for tells whether the window held more than the page shows.
  const answer = await findSlots(deps, {
    clinicId: clinic.id,
    serviceCode: query.serviceCode,
    ...window,
    patientId: patientId ?? undefined,
    providerId: query.providerId,
    limit: query.limit + 1,
    reschedulingBookingId: query.rescheduling,
  });
  const truncated = answer.slots.length > query.limit;
  return {
    service: query.serviceCode,
    ...window,
    slots: truncated ? answer.slots.slice(0, query.limit) : answer.slots,
    refusal: answer.refusal,
    truncated,
  };
}
