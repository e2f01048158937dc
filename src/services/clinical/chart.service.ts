import type { Role, SessionPrincipal } from "../../domain/accounts/principal.js";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import type { Booking } from "../../domain/booking/types.js";
import { amendChart, type SessionChart } from "../../domain/clinical/chart.js";
import { DomainError } from "../../domain/errors.js";
import {
  type ChartAmendment,
  findChart,
  findPreviousChart,
  insertAmendment,
  listAmendments,
  replaceSignedChart,
  type StoredChart,
  saveDraftChart,
  signChart,
} from "../../store/chart.repository.js";
import type { Executor } from "../../store/schema.js";
import { findServiceById } from "../../store/service.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizeBookingAccess, type PatientAccess } from "../access.js";
import { auditPatientData, auditPatientWrite } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

/** Who writes, signs and amends charts: the clinic's providers, the clinicians. */
const CHARTING_ROLES: readonly Role[] = ["provider"];

export interface ChartView {
  bookingId: string;
  patientId: string;
  /** `none` before anything was charted; `draft` while written freely; `signed` read-only (amend it). */
  status: "none" | "draft" | "signed";
  chart: SessionChart | null;
  updatedBy: string | null;
  updatedAt: string | null;
  signedBy: string | null;
  signedAt: string | null;
  amendments: ChartAmendment[];
  /**
   * The patient's previous charted session, whose parameters a new chart usually starts from;
   * null when there is none.
   */
  previous: { bookingId: string; startsAt: string; chart: SessionChart } | null;
}

/** The session's chart with its amendments and the previous session's parameters (staff; audited). */
export async function getSessionChart(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
): Promise<ChartView> {
  const db = deps.store.db;
  const { access, booking } = await authorizeBookingAccess(db, principal, bookingId, STAFF_ROLES);
  await auditPatientData(
    db,
    access,
    "chart.read",
    deps.clock.now().toString(),
    { bookingId },
    bookingTarget(booking),
  );
  return viewChart(db, booking);
}

/** Writes the draft chart of a treatment session (providers); a signed chart is changed by amendment only. */
export async function saveSessionChart(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
  chart: SessionChart,
): Promise<ChartView> {
  const { access, booking } = await chartableBooking(deps, principal, bookingId);
  const at = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    const saved = await saveDraftChart(trx, {
      bookingId: booking.id,
      clinicId: booking.clinicId,
      patientId: booking.patientId,
      chart,
      updatedBy: principal.accountId,
      updatedAt: at,
    });
    if (!saved) throw signedAlready();
    await auditPatientWrite(trx, access, "chart.save", at, { bookingId }, bookingTarget(booking));
  });
  return viewChart(deps.store.db, booking);
}

/**
 * A provider signs the chart: from then on it is read-only, and changes are amendments. Only once
 * the session has started (a chart records what was done).
 */
export async function signSessionChart(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
): Promise<ChartView> {
  const { access, booking } = await chartableBooking(deps, principal, bookingId);
  const at = deps.clock.now().toString();
  if (booking.startsAt > at)
    throw new DomainError("invalid_state", "The session has not started yet; sign its chart after.");
  await withWriteTransaction(deps.store, async (trx) => {
    const existing = await findChart(trx, booking.id);
    if (!existing) throw new DomainError("invalid_state", "Nothing is charted yet; write the chart first.");
    if (!(await signChart(trx, booking.id, principal.accountId, at))) throw signedAlready();
    await auditPatientWrite(trx, access, "chart.sign", at, { bookingId }, bookingTarget(booking));
  });
  return viewChart(deps.store.db, booking);
}

/** Amends a signed chart: the author, the time, the reason and each changed field are kept. */
export async function amendSessionChart(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
  request: { reason: string; changes: Partial<SessionChart> },
): Promise<ChartView> {
  const { access, booking } = await chartableBooking(deps, principal, bookingId);
  const at = deps.clock.now().toString();
  await withWriteTransaction(deps.store, async (trx) => {
    const existing = await findChart(trx, booking.id);
    if (!existing || existing.signedAt === null)
      throw new DomainError("invalid_state", "Only a signed chart is amended; a draft is edited directly.");
    const { chart, changed } = amendChart(existing.chart, request.changes);
    await replaceSignedChart(trx, booking.id, chart);
    await insertAmendment(trx, {
      bookingId: booking.id,
      authorId: principal.accountId,
      authorName: principal.name,
      at,
      reason: request.reason,
      changes: changed,
    });
    await auditPatientWrite(
      trx,
      access,
      "chart.amend",
      at,
      { bookingId, fields: changed.map((c) => c.field) },
      { ...bookingTarget(booking), reason: request.reason },
    );
  });
  return viewChart(deps.store.db, booking);
}

/** A booking a provider may chart or assess: a treatment session that was not cancelled or missed. */
export async function chartableBooking(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
): Promise<{ access: PatientAccess; booking: Booking }> {
  const db = deps.store.db;
  const found = await authorizeBookingAccess(db, principal, bookingId, STAFF_ROLES);
  if (!CHARTING_ROLES.includes(principal.role))
    throw new DomainError("forbidden", "Only a provider writes, signs or amends a session's chart.");
  const { booking } = found;
  if (booking.status === "cancelled" || booking.status === "no_show")
    throw new DomainError("invalid_state", `The booking is ${booking.status}; there is no session to chart.`);
  const service = await findServiceById(db, booking.clinicId, booking.serviceId);
  if (!service?.isTreatment)
    throw new DomainError(
      "invalid_state",
      "Only treatment sessions are charted; this booking is a consultation.",
    );
  return found;
}

async function viewChart(db: Executor, booking: Booking): Promise<ChartView> {
  const [stored, amendments, previous] = await Promise.all([
    findChart(db, booking.id),
    listAmendments(db, booking.id),
    findPreviousChart(db, booking.patientId, booking.startsAt, booking.id),
  ]);
  return {
    bookingId: booking.id,
    patientId: booking.patientId,
    status: statusOf(stored),
    chart: stored?.chart ?? null,
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt ?? null,
    signedBy: stored?.signedBy ?? null,
    signedAt: stored?.signedAt ?? null,
    amendments,
    previous: previous
      ? { bookingId: previous.bookingId, startsAt: previous.startsAt, chart: previous.chart }
      : null,
  };
}

function statusOf(stored: StoredChart | undefined): ChartView["status"] {
  if (!stored) return "none";
  return stored.signedAt === null ? "draft" : "signed";
}

function signedAlready(): DomainError {
  return new DomainError(
    "invalid_state",
    "The chart is signed and read-only; record a change as an amendment.",
  );
}

function bookingTarget(booking: Booking) {
  return { target: { type: "booking", id: booking.id } };
}
