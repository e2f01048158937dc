import type { Booking, OutboxEvent } from "../../domain/booking/types.js";
import type { Clinic, Patient, Service } from "../../domain/clinic/types.js";
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
import type { DialectName } from "../../store/database.js";
import {
  cancelPendingBookingMessages,
  countCalendarMessages,
  type NewScheduledMessage,
} from "../../store/message.repository.js";
import { findPatientById } from "../../store/patient.repository.js";
import { findPlanById } from "../../store/plan.repository.js";
import type { Executor } from "../../store/schema.js";
import { findServiceById, listServices } from "../../store/service.repository.js";
import { timelineEntries } from "../booking/timeline.service.js";
import { type ClinicSetup, loadClinicSetup } from "../clinic/clinic-setup.js";
import type { EventContext } from "../events/record-event.js";

/**
 * The messages an outbox event calls for, which `recordEvent` writes with the event, so the
 * messages exist exactly when the change does; it asks for every event, and events that call for
 * no message get none. The rules of what is sent live in src/domain/messages/plan-messages.ts;
 * this gathers their facts (from `context` when the writer holds them, else from the store).
 * A booking moved or cancelled also cancels here, in the event's transaction, what was still
 * pending for its old time.
 *
 * (Event names are spelled out rather than imported from the services that append them, which
 * import this module.)
 */
export async function planMessagesFor(
  db: Executor,
  dialect: DialectName,
  event: OutboxEvent,
  context: EventContext = {},
): Promise<NewScheduledMessage[]> {
  const planned = await plannedMessagesFor(new EventFacts(db, dialect, event, context));
  return planned.map((m) => ({ ...m, clinicId: event.clinicId }));
}

async function plannedMessagesFor(facts: EventFacts): Promise<PlannedMessage[]> {
  const { db, event } = facts;
  const p = event.payload;
  switch (event.type) {
    case "booking.created":
      return bookingMessages(facts, { type: "created" });
    case "booking.rescheduled":
      return bookingMessages(facts, {
        type: "rescheduled",
        previousStartsAt: String(p.previousStartsAt),
      });
    case "booking.cancelled":
      return bookingMessages(facts, { type: "cancelled" });
    case "booking.completed":
      return careAfterSession(facts);
    case "waitlist.offered":
      return waitlistOffer(facts);
    case "booking.needs_attention":
      return needsMove(facts);
    case "booking.no_show":
      await cancelPendingBookingMessages(db, String(p.bookingId), "The patient did not come.");
      return [];
    case "auth.signup_confirmation_requested":
      return account(facts, {
        type: "signup_confirmation",
        email: String(p.email),
        token: String(p.token),
        expiresAt: String(p.expiresAt),
      });
    case "auth.signup_attempted":
      return account(facts, { type: "signup_attempted", email: String(p.email) });
    case "auth.password_reset_requested":
      return account(facts, {
        type: "password_reset",
        email: String(p.email),
        token: String(p.token),
        expiresAt: String(p.expiresAt),
      });
    case "auth.account_invited":
      return invitation(facts);
    case "alert.raised":
      return alert(facts);
    default:
      return [];
  }
}

/**
 * The facts an event's messages are built from. Each is taken from what the writer handed over
 * (`EventContext`) when it is the row asked for, else read in the event's transaction (on SQLite
 * the store has one connection, so nothing here may use `store.db`).
 */
class EventFacts {
  constructor(
    readonly db: Executor,
    readonly dialect: DialectName,
    readonly event: OutboxEvent,
    private readonly context: EventContext,
  ) {}

  /** The setup handed over, when it is this event's clinic's. */
  private get knownSetup(): ClinicSetup | undefined {
    const setup = this.context.setup;
    return setup?.clinic.id === this.event.clinicId ? setup : undefined;
  }

  async clinic(): Promise<Clinic | undefined> {
    return this.knownSetup?.clinic ?? findClinicById(this.db, this.event.clinicId);
  }

  async booking(id: string): Promise<Booking | undefined> {
    const known = this.context.booking;
    if (known?.id === id && known.clinicId === this.event.clinicId) return known;
    return findBookingById(this.db, this.event.clinicId, id);
  }

  async patient(id: string): Promise<Patient | undefined> {
    const known = this.context.patient;
    if (known?.id === id && known.clinicId === this.event.clinicId) return known;
    return findPatientById(this.db, this.event.clinicId, id);
  }

  async service(id: string): Promise<Service | undefined> {
    const known = this.knownSetup;
    if (known) return known.services.find((s) => s.id === id);
    return findServiceById(this.db, this.event.clinicId, id);
  }

  /** Every service of the clinic, active or not. */
  async services(): Promise<Service[]> {
    return this.knownSetup?.services ?? listServices(this.db, this.event.clinicId);
  }

  /** The clinic's setup: the one handed over, else through the instance's cache when given one. */
  async setup(): Promise<ClinicSetup> {
    return (
      this.knownSetup ??
      loadClinicSetup(this.db, this.event.clinicId, this.event.createdAt, this.context.setupCache)
    );
  }

  /** The patient's timeline as their pages show it. */
  async timeline(patient: Patient) {
    return timelineEntries(this.db, this.dialect, await this.setup(), patient, this.event.createdAt);
  }
}

/**
 * A booking made, moved or cancelled. A move or cancellation first cancels what is still pending
 * for the booking (its notices and reminders for the old time), then schedules the new notice.
 */
async function bookingMessages(facts: EventFacts, change: BookingChange): Promise<PlannedMessage[]> {
  const { db, event } = facts;
  const booking = await facts.booking(String(event.payload.bookingId));
  if (!booking) return [];
  if (change.type !== "created") {
    const reason =
      change.type === "rescheduled" ? "The appointment moved." : "The appointment was cancelled.";
    await cancelPendingBookingMessages(db, booking.id, reason);
  }
  const clinic = await facts.clinic();
  const patient = await facts.patient(booking.patientId);
  const service = await facts.service(booking.serviceId);
  if (!clinic || !patient || !service) return [];
  // The calendar invitation's SEQUENCE counts the notices sent for the booking before this one;
  // a booking just made has none, so only a move or a cancellation needs to count them.
  const sequence = change.type === "created" ? 0 : await countCalendarMessages(db, booking.id);
  const known = { booking, service, clinic, patient };
  const notices = bookingChangeMessages(change, known, { now: event.createdAt, sequence, eventId: event.id });
  if (change.type === "cancelled") return notices;
  // Only treatment sessions have prep steps; a consultation's reminder needs no timeline, and
  // building one (intake, plan, routine and every booking of the patient) is most of the cost
  // this adds to a booking.
  const timeline = service.isTreatment ? await facts.timeline(patient) : [];
  return [
    ...notices,
    ...prepMessages({ ...known, timeline, now: event.createdAt, sequence, eventId: event.id }),
  ];
}

/** A session took place: its aftercare, milestones and check-ins. */
async function careAfterSession(facts: EventFacts): Promise<PlannedMessage[]> {
  const { event } = facts;
  const booking = await facts.booking(String(event.payload.bookingId));
  if (!booking) return [];
  const clinic = await facts.clinic();
  const patient = await facts.patient(booking.patientId);
  const service = await facts.service(booking.serviceId);
  if (!clinic || !patient || !service?.isTreatment) return [];
  const timeline = await facts.timeline(patient);
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
  const series = await seriesPositionOf(facts, booking);
  return [...aftercareMessages(ctx), ...recallMessages(ctx), ...seriesNudgeMessages(ctx, series)];
}

/**
 * Where a session stands in the initial series of the patient's accepted plan; null for a session
 * booked outside a series, or under a plan no longer accepted. The gap is the protocol's rule as
 * the booking gate applies it (an accepted interval override shortens it).
 */
async function seriesPositionOf(
  facts: EventFacts,
  booking: { planId: string | null; seriesNumber: number | null },
): Promise<SeriesPosition | null> {
  if (booking.planId === null || booking.seriesNumber === null) return null;
  const record = await findPlanById(facts.db, booking.planId);
  if (record?.status !== "accepted") return null;
  const plan = record.data as Pick<Plan, "sessions">;
  const setup = await facts.setup();
  return {
    number: booking.seriesNumber,
    count: plan.sessions.length,
    gapDays: minSessionGap(setup.protocol.protocol, record.overrides).days,
  };
}

/** A freed time offered to a waiting patient. */
async function waitlistOffer(facts: EventFacts): Promise<PlannedMessage[]> {
  const { event } = facts;
  const p = event.payload;
  const clinic = await facts.clinic();
  const patient = await facts.patient(String(p.patientId));
  const service = (await facts.services()).find((s) => s.code === p.serviceCode);
  if (!clinic || !patient || !service) return [];
  const slot = { id: String(p.waitlistEntryId), startsAt: String(p.startsAt), endsAt: String(p.endsAt) };
  return waitlistOfferMessages(
    { booking: slot, service, clinic, patient, now: event.createdAt, eventId: event.id },
    slot.id,
  );
}

/** A setup change left a booking invalid: the patient is asked to move it. */
async function needsMove(facts: EventFacts): Promise<PlannedMessage[]> {
  const { event } = facts;
  const booking = await facts.booking(String(event.payload.bookingId));
  if (!booking) return [];
  const clinic = await facts.clinic();
  const patient = await facts.patient(booking.patientId);
  const service = await facts.service(booking.serviceId);
  if (!clinic || !patient || !service) return [];
  const reason = String(event.payload.detail ?? "");
  return needsMoveMessages(
    { booking, service, clinic, patient, now: event.createdAt, eventId: event.id },
    reason,
  );
}

async function account(
  facts: EventFacts,
  mail: Parameters<typeof accountMessage>[0],
): Promise<PlannedMessage[]> {
  const clinic = await facts.clinic();
  if (!clinic) return [];
  return [accountMessage(mail, clinic, { now: facts.event.createdAt, eventId: facts.event.id })];
}

/** A staff invitation; the clinic's only admin's is the set-up link of a clinic just created. */
async function invitation(facts: EventFacts): Promise<PlannedMessage[]> {
  const { db, event } = facts;
  const invited = await findAccountById(db, String(event.payload.accountId));
  if (!invited) return [];
  const firstAdmin = invited.role === "admin" && (await countActiveAdmins(db, event.clinicId)) === 1;
  return account(facts, {
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
async function alert(facts: EventFacts): Promise<PlannedMessage[]> {
  const { db, event } = facts;
  const p = event.payload;
  const patientId = String(p.patientId);
  const clinic = await facts.clinic();
  const patient = await facts.patient(patientId);
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
