import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { limitReached } from "../../domain/booking/booking-caps.js";
import type { WaitlistEntry } from "../../domain/booking/types.js";
import type { Clinic } from "../../domain/clinic/types.js";
import { DomainError, isDomainError } from "../../domain/errors.js";
import { findPatientsByIds } from "../../store/patient.repository.js";
import { findProviderById } from "../../store/provider.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import {
  addWaitlistEntry,
  closeWaitlistEntry,
  findWaitlistEntryById,
  listWaitingEntriesByPatient,
  listWaitlistEntriesByPatient,
  searchWaitlist,
  serializeWaitlistWrites,
} from "../../store/waitlist.repository.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData, auditStaffAction } from "../audit.js";
import { getPatientOrFail } from "../clinic/clinic-context.js";
import { type ClinicSetup, loadClinicSetup, serviceByCode, serviceById } from "../clinic/clinic-setup.js";
import type { ServiceDeps } from "../service-deps.js";
import { parseWindow } from "./slot-search.service.js";

export interface WaitlistRequest {
  clinicId: string;
  patientId: string;
  serviceCode: string;
  providerId?: string | undefined;
  from: string;
  to: string;
}

/**
 * A patient waits once per service and time: an entry overlapping one still waiting for the same
 * service is a duplicate (`conflict`); past the clinic's cap of waiting entries, `limit_reached`.
 */
async function assertWaitlistRoom(
  trx: Executor,
  clinic: Clinic,
  patientId: string,
  serviceId: string,
  window: { from: string; to: string },
): Promise<void> {
  await serializeWaitlistWrites(trx, patientId);
  const waiting = await listWaitingEntriesByPatient(trx, clinic.id, patientId);
  const duplicate = waiting.find(
    (e) => e.serviceId === serviceId && e.fromAt < window.to && e.toAt > window.from,
  );
  if (duplicate) {
    throw new DomainError(
      "conflict",
      "The patient is already waiting for this service in an overlapping window.",
      { waitlistEntryId: duplicate.id },
    );
  }
  const max = clinic.policy.maxWaitlistEntries;
  if (waiting.length >= max) {
    throw limitReached(
      "maxWaitlistEntries",
      max,
      `A patient may wait for at most ${max} slots at once; leave an entry or book before joining again.`,
    );
  }
}

/** Puts a patient on the waitlist for a service in a window; a cancellation in it is offered to them. */
export async function joinWaitlist(deps: ServiceDeps, request: WaitlistRequest): Promise<WaitlistEntry> {
  const window = parseWindow(request.from, request.to);
  return withWriteTransaction(deps.store, async (trx) => {
    const setup = await loadClinicSetup(trx, request.clinicId, deps.clock.now().toString(), deps.setupCache);
    const { clinic } = setup;
    await getPatientOrFail(trx, clinic.id, request.patientId);
    const service = serviceByCode(setup, request.serviceCode);
    if (request.providerId !== undefined && !(await findProviderById(trx, clinic.id, request.providerId))) {
      throw new DomainError("not_found", "No such provider.", {
        fields: [{ path: "providerId", message: "not found" }],
      });
    }
    await assertWaitlistRoom(trx, clinic, request.patientId, service.id, window);
    const entry = await addWaitlistEntry(trx, {
      clinicId: clinic.id,
      patientId: request.patientId,
      serviceId: service.id,
      providerId: request.providerId ?? null,
      fromAt: window.from,
      toAt: window.to,
      createdAt: deps.clock.now().toString(),
    });
    await deps.recordWrite?.(trx, {
      patientId: entry.patientId,
      action: "waitlist.join",
      detail: { waitlistEntryId: entry.id },
    });
    return entry;
  });
}

/**
 * A waitlist entry as the API answers it: the names a request uses (`service`, `from`, `to`), and
 * where its offer stands: waiting; offered (which slot, and when); closed (when).
 */
export interface WaitlistEntryView {
  id: string;
  patientId: string;
  service: string;
  serviceId: string;
  providerId: string | null;
  from: string;
  to: string;
  status: WaitlistEntry["status"];
  createdAt: string;
  offer: { startsAt: string | null; endsAt: string | null; offeredAt: string | null } | null;
  closedAt: string | null;
}

function toView(setup: ClinicSetup, entry: WaitlistEntry): WaitlistEntryView {
  const offered = entry.status === "offered" || entry.offeredAt !== null;
  return {
    id: entry.id,
    patientId: entry.patientId,
    service: serviceById(setup, entry.serviceId).code,
    serviceId: entry.serviceId,
    providerId: entry.providerId,
    from: entry.fromAt,
    to: entry.toAt,
    status: entry.status,
    createdAt: entry.createdAt,
    offer: offered
      ? { startsAt: entry.offerStartsAt, endsAt: entry.offerEndsAt, offeredAt: entry.offeredAt }
      : null,
    closedAt: entry.closedAt,
  };
}

/** Joins the waitlist for a signed-in caller: a patient for themselves, staff for their clinic's patients. */
export async function joinWaitlistAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: Omit<WaitlistRequest, "clinicId">,
): Promise<WaitlistEntryView> {
  const { patient } = await authorizePatientAccess(deps.store.db, principal, request.patientId);
  const entry = await joinWaitlist(deps, { ...request, clinicId: patient.clinicId });
  const setup = await loadClinicSetup(
    deps.store.db,
    patient.clinicId,
    deps.clock.now().toString(),
    deps.setupCache,
  );
  return toView(setup, entry);
}

/** The most entries one patient's list shows, newest first. */
export const PATIENT_WAITLIST_MAX = 200;

export interface ClinicWaitlistQuery {
  serviceCode?: string | undefined;
  /** Entries whose window overlaps [from, to). */
  from?: string | undefined;
  to?: string | undefined;
  status?: WaitlistEntry["status"] | undefined;
  limit: number;
  offset: number;
}

export interface ClinicWaitlistPage {
  entries: (WaitlistEntryView & { patientName: string })[];
  /** How many entries match the filter in all. */
  total: number;
}

/**
 * The staff member's clinic's waitlist, filtered, oldest first, one page at a time. Audited in one
 * row naming every patient the page showed.
 */
export async function listClinicWaitlistAs(
  deps: ServiceDeps,
  staff: SessionPrincipal,
  query: ClinicWaitlistQuery,
): Promise<ClinicWaitlistPage> {
  const db = deps.store.db;
  const now = deps.clock.now().toString();
  const setup = await loadClinicSetup(db, staff.clinicId, now, deps.setupCache);
  if (query.from !== undefined && query.to !== undefined && query.to <= query.from) {
    throw new DomainError("invalid_input", "The window must end after it starts.", {
      fields: [{ path: "to", message: "must be after from" }],
    });
  }
  const service = query.serviceCode === undefined ? undefined : serviceByCode(setup, query.serviceCode);
  const { entries, total } = await searchWaitlist(db, {
    clinicId: setup.clinic.id,
    serviceId: service?.id,
    from: query.from,
    to: query.to,
    status: query.status,
    limit: query.limit,
    offset: query.offset,
  });
  const patients = await findPatientsByIds(
    db,
    setup.clinic.id,
    entries.map((e) => e.patientId),
  );
  const names = new Map(patients.map((p) => [p.id, p.name]));
  const patientIds = [...new Set(entries.map((e) => e.patientId))].sort();
  await auditStaffAction(db, staff, "waitlist.list", now, { count: entries.length, patientIds });
  return {
    entries: entries.map((e) => ({ ...toView(setup, e), patientName: names.get(e.patientId) ?? "" })),
    total,
  };
}

/** A patient's own entries (or, for staff, one of their clinic's patients'), newest first. */
export async function listPatientWaitlistAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<WaitlistEntryView[]> {
  const db = deps.store.db;
  const access = await authorizePatientAccess(db, principal, patientId);
  const now = deps.clock.now().toString();
  const setup = await loadClinicSetup(db, access.patient.clinicId, now, deps.setupCache);
  const entries = await listWaitlistEntriesByPatient(
    db,
    setup.clinic.id,
    access.patient.id,
    PATIENT_WAITLIST_MAX,
  );
  await auditPatientData(db, access, "waitlist.read", now, { count: entries.length });
  return entries.map((e) => toView(setup, e));
}

function noSuchEntry(): DomainError {
  return new DomainError("not_found", "No such waitlist entry.");
}

/**
 * Takes an entry off the waitlist (the patient leaves it, or staff do for them): it is closed,
 * with when; an offer it held lapses. Another patient's entry is the same 404 as a missing one;
 * an entry already closed is `invalid_state`.
 */
export async function leaveWaitlistAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  entryId: string,
): Promise<WaitlistEntryView> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const entry = await findWaitlistEntryById(trx, principal.clinicId, entryId);
    if (!entry) throw noSuchEntry();
    await authorizePatientAccess(trx, principal, entry.patientId).catch((error: unknown) => {
      throw isDomainError(error) && error.code === "not_found" ? noSuchEntry() : error;
    });
    if (!(await closeWaitlistEntry(trx, entry.clinicId, entry.id, at))) {
      throw new DomainError("invalid_state", "The entry is already closed.", { waitlistEntryId: entry.id });
    }
    // Staff leaving for a patient are audited through `recordWrite`, as a join is.
    await deps.recordWrite?.(trx, {
      patientId: entry.patientId,
      action: "waitlist.leave",
      detail: { waitlistEntryId: entry.id },
    });
    const setup = await loadClinicSetup(trx, entry.clinicId, at, deps.setupCache);
    return toView(setup, { ...entry, status: "closed", closedAt: at });
  });
}
