import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Booking } from "../../domain/booking/types.js";
import {
  CHECK_IN_DAYS,
  type CheckInAnswers,
  type CheckInDay,
  type CheckInStatus,
  checkInOpensOn,
  checkInStatus,
  type JudgedAnswers,
  judgeCheckIn,
} from "../../domain/checkins/check-in.js";
import type { Service } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { dayOfInstant } from "../../domain/time/calendar.js";
import { minutesBetween } from "../../domain/time/instants.js";
import { insertAlert } from "../../store/alert.repository.js";
import { type CheckInRecord, insertCheckIn, listCheckIns } from "../../store/check-in.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizeBookingAccess } from "../access.js";
import { auditPatientData, auditPatientWrite } from "../audit.js";
import { loadClinicSetup, serviceById } from "../clinic/clinic-setup.js";
import { recordEvent } from "../events/record-event.js";
import type { ServiceDeps } from "../service-deps.js";

/** The outbox event a raised alert appends; the clinic is emailed from it. */
export const ALERT_RAISED_EVENT = "alert.raised";

export interface CheckInView {
  day: CheckInDay;
  /** The day (patient's zone) from which the patient may answer. */
  opensOn: string;
  status: CheckInStatus;
  answers: CheckInAnswers | null;
  answeredAt: string | null;
}

export interface CheckInsView {
  bookingId: string;
  timeZone: string;
  checkIns: CheckInView[];
}

export interface AnsweredCheckIn extends CheckInView {
  /** True when the answers raised an alert: the clinic has been told and will be in touch. */
  clinicAlerted: boolean;
}

/** The three check-ins of a completed session: the patient's own, or staff of their clinic (audited). */
export async function getCheckIns(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  bookingId: string,
): Promise<CheckInsView> {
  const db = deps.store.db;
  const now = deps.clock.now().toString();
  const { access, booking } = await authorizeBookingAccess(db, principal, bookingId);
  const setup = await loadClinicSetup(db, booking.clinicId, now, deps.setupCache);
  requireCompletedTreatment(booking, serviceById(setup, booking.serviceId));
  await auditPatientData(
    db,
    access,
    "check_ins.read",
    now,
    { bookingId },
    { target: bookingTarget(booking) },
  );
  const answered = await listCheckIns(db, booking.id);
  const timeZone = access.patient.timeZone;
  const today = dayOfInstant(now, timeZone);
  return {
    bookingId: booking.id,
    timeZone,
    checkIns: CHECK_IN_DAYS.map((day) => viewOf(booking, timeZone, today, day, answered)),
  };
}

/**
 * Records the patient's answers to one check-in, once. Answers outside the expected course (the
 * protocol's red flags) raise an alert for the clinic and an `alert.raised` outbox event, in the
 * same transaction as the answers: an answer is never stored without its alert.
 */
export async function answerCheckIn(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  request: { bookingId: string; day: CheckInDay; answers: CheckInAnswers },
): Promise<AnsweredCheckIn> {
  const { access, booking } = await authorizeBookingAccess(deps.store.db, principal, request.bookingId, [
    "patient",
  ]);
  const timeZone = access.patient.timeZone;
  const now = deps.clock.now().toString();
  const setupBefore = await loadClinicSetup(deps.store.db, booking.clinicId, now, deps.setupCache);
  requireCompletedTreatment(booking, serviceById(setupBefore, booking.serviceId));
  const opensOn = checkInOpensOn(booking.endsAt, timeZone, request.day);
  if (dayOfInstant(now, timeZone) < opensOn)
    throw new DomainError("invalid_state", `This check-in opens on ${opensOn}.`, { until: opensOn });

  return withWriteTransaction(deps.store, async (trx) => {
    // The protocol as of the write: a clinic changing its red flags meanwhile judges by the new ones.
    const setup = await loadClinicSetup(trx, booking.clinicId, now, deps.setupCache);
    const service = serviceById(setup, booking.serviceId);
    const earlier = (await listCheckIns(trx, booking.id)).filter((c) => c.day < request.day);
    const record = await insertCheckIn(trx, {
      bookingId: booking.id,
      day: request.day,
      clinicId: booking.clinicId,
      patientId: booking.patientId,
      answers: request.answers,
      answeredAt: now,
      answeredBy: principal.accountId,
    });
    await auditPatientWrite(
      trx,
      access,
      "check_in.answer",
      now,
      { bookingId: booking.id, day: request.day },
      { target: bookingTarget(booking) },
    );
    const previous = earlier.at(-1);
    const judgment = judgeCheckIn({
      protocol: setup.protocol.protocol,
      addOns: service.addOn === null ? [] : [service.addOn],
      current: judged(booking, record),
      previous: previous === undefined ? null : judged(booking, previous),
    });
    if (judgment !== undefined) {
      const alert = await insertAlert(trx, {
        clinicId: booking.clinicId,
        patientId: booking.patientId,
        bookingId: booking.id,
        checkInDay: request.day,
        codes: judgment.codes,
        severity: judgment.severity,
        summary: judgment.summary,
        raisedAt: now,
      });
      // The clinic's providers and admins are emailed; the message exists exactly when the alert does.
      await recordEvent(trx, deps.store, {
        clinicId: booking.clinicId,
        type: ALERT_RAISED_EVENT,
        payload: {
          alertId: alert.id,
          patientId: alert.patientId,
          bookingId: alert.bookingId,
          checkInDay: alert.checkInDay,
          codes: alert.codes,
          severity: alert.severity,
          summary: alert.summary,
        },
        createdAt: now,
      });
    }
    return {
      day: request.day,
      opensOn,
      status: "answered" as const,
      answers: record.answers,
      answeredAt: record.answeredAt,
      clinicAlerted: judgment !== undefined,
    };
  });
}

/** Check-ins ask how the skin heals: they follow a treatment that took place, not a consultation. */
function requireCompletedTreatment(booking: Booking, service: Service): void {
  if (!service.isTreatment)
    throw new DomainError(
      "invalid_state",
      "Check-ins follow treatment sessions; this booking is a consultation.",
    );
  if (booking.status !== "completed")
    throw new DomainError(
      "invalid_state",
      `Check-ins follow a completed session; this booking is ${booking.status}.`,
    );
}

function bookingTarget(booking: Booking) {
  return { type: "booking", id: booking.id };
}

function judged(booking: Booking, record: CheckInRecord): JudgedAnswers {
  return {
    answers: record.answers,
    hoursAfterSession: minutesBetween(booking.endsAt, record.answeredAt) / 60,
  };
}

function viewOf(
  booking: Booking,
  timeZone: string,
  today: string,
  day: CheckInDay,
  answered: readonly CheckInRecord[],
): CheckInView {
  const record = answered.find((c) => c.day === day);
  const opensOn = checkInOpensOn(booking.endsAt, timeZone, day);
  return {
    day,
    opensOn,
    status: checkInStatus(opensOn, today, record !== undefined),
    answers: record?.answers ?? null,
    answeredAt: record?.answeredAt ?? null,
  };
}
