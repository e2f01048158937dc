import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { ConcernAssessment } from "../../domain/clinical/assessment.js";
import { DomainError } from "../../domain/errors.js";
import { findAssessment, type SessionAssessment, saveAssessment } from "../../store/assessment.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizeBookingAccess } from "../access.js";
import { auditPatientData, auditPatientWrite } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";
import { chartableBooking } from "./chart.service.js";

/** A provider records how the session's concerns stand; a second call replaces the first. */
export async function assessSession(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
  concerns: ConcernAssessment[],
): Promise<SessionAssessment> {
  const { access, booking } = await chartableBooking(deps, principal, bookingId);
  const at = deps.clock.now().toString();
  if (booking.startsAt > at)
    throw new DomainError("invalid_state", "The session has not started yet; assess it after.");
  return withWriteTransaction(deps.store, async (trx) => {
    const saved = await saveAssessment(trx, {
      bookingId: booking.id,
      clinicId: booking.clinicId,
      patientId: booking.patientId,
      concerns,
      assessedBy: principal.accountId,
      assessedAt: at,
    });
    await auditPatientWrite(
      trx,
      access,
      "assessment.save",
      at,
      { bookingId },
      { target: { type: "booking", id: booking.id } },
    );
    return saved;
  });
}

/** The session's assessment: the patient sees their own scores; staff reads are audited. */
export async function getSessionAssessment(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
): Promise<SessionAssessment | null> {
  const { access, booking } = await authorizeBookingAccess(deps.store.db, principal, bookingId);
  await auditPatientData(deps.store.db, access, "assessment.read", deps.clock.now().toString(), {
    bookingId,
  });
  return (await findAssessment(deps.store.db, booking.id)) ?? null;
}
