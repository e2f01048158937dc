import type { OutboxEvent } from "../../domain/booking/types.js";
import {
  aftercareMessages,
  needsMoveMessages,
  prepMessages,
  recallMessages,
  type SeriesPosition,
  seriesNudgeMessages,
  waitlistOfferMessages,
} from "../../domain/messages/care-messages.js";
import {
  accountMessage,
  alertMessages,
  type BookingChange,
  bookingChangeMessages,
} from "../../domain/messages/plan-messages.js";
import type { PlannedMessage } from "../../domain/messages/types.js";
import { minSessionGap } from "../../domain/protocol/interval.js";
import type { Plan } from "../../domain/protocol/plan.js";
import { countActiveAdmins, findAccountById, listStaffAccounts } from "../../store/account.repository.js";
import { findBookingById } from "../../store/booking.repository.js";
import { findClinicById } from "../../store/clinic.repository.js";
import {
  cancelPendingBookingMessages,
  countCalendarMessages,
  insertScheduledMessages,
} from "../../store/message.repository.js";
import { findPatientById } from "../../store/patient.repository.js";
import { findPlanById } from "../../store/plan.repository.js";
import type { Executor } from "../../store/schema.js";
import { findServiceById, listServices } from "../../store/service.repository.js";
import { timelineEntries } from "../booking/timeline.service.js";
import { loadClinicSetup } from "../clinic/clinic-setup.js";
import { enqueueWebhookDeliveries } from "../webhooks/enqueue-webhooks.js";

/**
 * Schedules the messages an outbox event calls for, in the transaction that appended it, so the
 * messages exist exactly when the change does. Call it right after `appendOutboxEvent` with the
 * event it returned; events that call for no message are ignored. The rules of what is sent
 * live in src/domain/messages/plan-messages.ts; this loads their facts and writes the rows.
 *
 * (Event names are spelled out rather than imported from the services that append them, which
 * import this module.)
 */
export async function scheduleMessagesFor(db: Executor, event: OutboxEvent): Promise<void> {
  await enqueueWebhookDeliveries(db, event);
  const planned = await plannedMessagesFor(db, event);
  if (planned.length === 0) return;
  await insertScheduledMessages(
    db,
    planned.map((m) => ({ ...m, clinicId: event.clinicId })),
    event.createdAt,
  );
}

async function plannedMessagesFor(db: Executor, event: OutboxEvent): Promise<PlannedMessage[]> {
  const p = event.payload;
  switch (event.type) {
    case "booking.created":
      return bookingMessages(db, event, { type: "created" });
    case "booking.rescheduled":
      return bookingMessages(db, event, {
        type: "rescheduled",
        previousStartsAt: String(p.previousStartsAt),
      });
    case "booking.cancelled":
      return bookingMessages(db, event, { type: "cancelled" });
    case "booking.completed":
      return careAfterSession(db, event);
    case "waitlist.offered":
      return waitlistOffer(db, event);
    case "booking.needs_attention":
      return needsMove(db, event);
    case "booking.no_show":
      await cancelPendingBookingMessages(db, String(p.bookingId), "The patient did not come.");
      return [];
    case "auth.signup_confirmation_requested":
      return account(db, event, {
        type: "signup_confirmation",
        email: String(p.email),
        token: String(p.token),
        expiresAt: String(p.expiresAt),
      });
    case "auth.signup_attempted":
      return account(db, event, { type: "signup_attempted", email: String(p.email) });
    case "auth.password_reset_requested":
      return account(db, event, {
        type: "password_reset",
        email: String(p.email),
        token: String(p.token),
        expiresAt: String(p.expiresAt),
      });
    case "auth.account_invited":
      return invitation(db, event);
    case "alert.raised":
      return alert(db, event);
    default:
      return [];
  }
}

/**
 * A booking made, moved or cancelled. A move or cancellation first cancels what is still pending
 * for the booking (its notices and reminders for the old time), then schedules the new notice.
 */
async function bookingMessages(
  db: Executor,
  event: OutboxEvent,
  change: BookingChange,
): Promise<PlannedMessage[]> {
  const bookingId = String(event.payload.bookingId);
  const booking = await findBookingById(db, event.clinicId, bookingId);
  if (!booking) return [];
  if (change.type !== "created") {
    const reason =
      change.type === "rescheduled" ? "The appointment moved." : "The appointment was cancelled.";
    await cancelPendingBookingMessages(db, booking.id, reason);
  }
  const clinic = await findClinicById(db, event.clinicId);
  const patient = await findPatientById(db, event.clinicId, booking.patientId);
  const service = await findServiceById(db, event.clinicId, booking.serviceId);
  if (!clinic || !patient || !service) return [];
  const sequence = await countCalendarMessages(db, booking.id);
  const facts = { booking, service, clinic, patient };
  const notices = bookingChangeMessages(change, facts, { now: event.createdAt, sequence, eventId: event.id });
  if (change.type === "cancelled") return notices;
  // Only treatment sessions have prep steps; a consultation's reminder needs no timeline, and
  // building one (the setup, intake, plan and every booking of the patient) is most of the cost
  // this adds to a booking.
  const timeline = service.isTreatment
    ? await timelineOf(db, event.clinicId, patient.id, event.createdAt)
    : [];
  return [
    ...notices,
    ...prepMessages({ ...facts, timeline, now: event.createdAt, sequence, eventId: event.id }),
  ];
}

/** A session took place: its aftercare, milestones and check-ins. */
async function careAfterSession(db: Executor, event: OutboxEvent): Promise<PlannedMessage[]> {
  const booking = await findBookingById(db, event.clinicId, String(event.payload.bookingId));
  if (!booking) return [];
  const clinic = await findClinicById(db, event.clinicId);
  const patient = await findPatientById(db, event.clinicId, booking.patientId);
  const service = await findServiceById(db, event.clinicId, booking.serviceId);
  if (!clinic || !patient || !service?.isTreatment) return [];
  const timeline = await timelineOf(db, event.clinicId, patient.id, event.createdAt);
  const ctx = {
    booking,
    service,
    clinic,
    patient,
    timeline,
    now: event.createdAt,
    sequence: 0,
    eventId: event.id,
  };
  const series = await seriesPositionOf(db, booking, event.createdAt);
  return [...aftercareMessages(ctx), ...recallMessages(ctx), ...seriesNudgeMessages(ctx, series)];
}

/**
 * Where a session stands in the initial series of the patient's accepted plan; null for a session
 * booked outside a series, or under a plan no longer accepted. The gap is the protocol's rule as
 * the booking gate applies it (an accepted interval override shortens it).
 */
async function seriesPositionOf(
  db: Executor,
  booking: { clinicId: string; planId: string | null; seriesNumber: number | null },
  now: string,
): Promise<SeriesPosition | null> {
  if (booking.planId === null || booking.seriesNumber === null) return null;
  const record = await findPlanById(db, booking.planId);
  if (record?.status !== "accepted") return null;
  const plan = record.data as Pick<Plan, "sessions">;
  const setup = await loadClinicSetup(db, booking.clinicId, now);
  return {
    number: booking.seriesNumber,
    count: plan.sessions.length,
    gapDays: minSessionGap(setup.protocol.protocol, record.overrides).days,
  };
}

/** A freed time offered to a waiting patient. */
async function waitlistOffer(db: Executor, event: OutboxEvent): Promise<PlannedMessage[]> {
  const p = event.payload;
  const clinic = await findClinicById(db, event.clinicId);
  const patient = await findPatientById(db, event.clinicId, String(p.patientId));
  const service = (await listServices(db, event.clinicId)).find((s) => s.code === p.serviceCode);
  if (!clinic || !patient || !service) return [];
  const slot = { id: String(p.waitlistEntryId), startsAt: String(p.startsAt), endsAt: String(p.endsAt) };
  return waitlistOfferMessages(
    { booking: slot, service, clinic, patient, now: event.createdAt, eventId: event.id },
    slot.id,
  );
}

/** A setup change left a booking invalid: the patient is asked to move it. */
async function needsMove(db: Executor, event: OutboxEvent): Promise<PlannedMessage[]> {
  const booking = await findBookingById(db, event.clinicId, String(event.payload.bookingId));
  if (!booking) return [];
  const clinic = await findClinicById(db, event.clinicId);
  const patient = await findPatientById(db, event.clinicId, booking.patientId);
  const service = await findServiceById(db, event.clinicId, booking.serviceId);
  if (!clinic || !patient || !service) return [];
  const reason = String(event.payload.detail ?? "");
  return needsMoveMessages(
    { booking, service, clinic, patient, now: event.createdAt, eventId: event.id },
    reason,
  );
}

/**
 * The patient's timeline as their pages show it, read in the caller's transaction (on SQLite the
 * store has one connection, so nothing here may use `store.db`).
 */
async function timelineOf(db: Executor, clinicId: string, patientId: string, now: string) {
  const setup = await loadClinicSetup(db, clinicId, now);
  const patient = await findPatientById(db, clinicId, patientId);
  return patient ? timelineEntries(db, setup, patient, now) : [];
}

async function account(
  db: Executor,
  event: OutboxEvent,
  mail: Parameters<typeof accountMessage>[0],
): Promise<PlannedMessage[]> {
  const clinic = await findClinicById(db, event.clinicId);
  if (!clinic) return [];
  return [accountMessage(mail, clinic, { now: event.createdAt, eventId: event.id })];
}

/** A staff invitation; the clinic's only admin's is the set-up link of a clinic just created. */
async function invitation(db: Executor, event: OutboxEvent): Promise<PlannedMessage[]> {
  const invited = await findAccountById(db, String(event.payload.accountId));
  if (!invited) return [];
  const firstAdmin = invited.role === "admin" && (await countActiveAdmins(db, event.clinicId)) === 1;
  return account(db, event, {
    type: "account_invitation",
    email: String(event.payload.email),
    name: invited.name,
    role: invited.role,
    firstAdmin,
    token: String(event.payload.token),
    expiresAt: String(event.payload.expiresAt),
  });
}

/** A check-in outside the expected course: the clinic's providers and admins are told. */
async function alert(db: Executor, event: OutboxEvent): Promise<PlannedMessage[]> {
  const p = event.payload;
  const patientId = String(p.patientId);
  const clinic = await findClinicById(db, event.clinicId);
  const patient = await findPatientById(db, event.clinicId, patientId);
  const staff = await listStaffAccounts(db, event.clinicId);
  if (!clinic) return [];
  const recipients = staff
    .filter((a) => (a.role === "provider" || a.role === "admin") && a.disabledAt === null)
    .map((a) => a.email);
  const codes = Array.isArray(p.codes) ? p.codes.map(String) : [];
  return alertMessages(
    {
      alertId: String(p.alertId),
      patientId,
      patientName: patient?.name ?? "A patient",
      codes,
      summary: String(p.summary ?? ""),
    },
    clinic,
    recipients,
    { now: event.createdAt, eventId: event.id },
  );
}
