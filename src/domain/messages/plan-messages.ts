import { formatLocalDateTime } from "./local-time.js";
import { afterQuietHours } from "./quiet-hours.js";
import type { MessageKind, PlannedMessage } from "./types.js";

/**
 * Which messages a change calls for. Pure: the caller loads the facts and writes the result in the
 * transaction of the change. Links are paths; the dispatcher makes them absolute when it sends.
 */

/** Where people act on a message, as paths of the web app. */
export const WEB_PATHS = {
  booking: (bookingId: string) => `/bookings/${encodeURIComponent(bookingId)}`,
  book: "/book",
  signIn: "/signin",
  // No page asks for a reset link yet (the API does: POST /api/v1/auth/password-reset/request).
  forgotPassword: "/signin",
  /** The token is appended when the message is sent, then forgotten. */
  confirmSignup: "/signup/confirm?token=",
  // One page sets a password from a reset link or a staff invitation.
  resetPassword: "/set-password?token=",
  setPassword: "/set-password?token=",
  /** The inbox lists the alert; it has no page of its own. */
  alert: (_alertId: string) => "/desk/alerts",
} as const;

export interface BookingFacts {
  booking: { id: string; startsAt: string; endsAt: string };
  service: { name: string };
  clinic: { name: string; timeZone: string; address: string | null };
  patient: { id: string; name: string; email: string | null; phone: string | null; timeZone: string };
}

export type BookingChange =
  | { type: "created" }
  | { type: "rescheduled"; previousStartsAt: string }
  | { type: "cancelled" };

const CHANGE_KIND: Record<BookingChange["type"], MessageKind> = {
  created: "booking_confirmation",
  rescheduled: "booking_update",
  cancelled: "booking_cancellation",
};

/**
 * The patient's notice of a booking made, moved or cancelled: an email carrying the calendar
 * invite (`sequence` is how many invites the booking had before this one) and a text, each where
 * the patient gave an address. Sent at once; a text in quiet hours waits for the morning.
 */
export function bookingChangeMessages(
  change: BookingChange,
  facts: BookingFacts,
  at: { now: string; sequence: number; eventId: string | null },
): PlannedMessage[] {
  const { booking, service, clinic, patient } = facts;
  const kind = CHANGE_KIND[change.type];
  const zone = patient.timeZone;
  const vars: Record<string, string> = {
    clinicName: clinic.name,
    clinicAddress: clinic.address ?? "",
    patientName: patient.name,
    serviceName: service.name,
    startsLocal: formatLocalDateTime(booking.startsAt, zone),
    timeZone: zone,
    manageUrl: change.type === "cancelled" ? WEB_PATHS.book : WEB_PATHS.booking(booking.id),
  };
  if (change.type === "rescheduled")
    vars.previousStartsLocal = formatLocalDateTime(change.previousStartsAt, zone);
  // A change of the same booking at the same moment is the same change; otherwise each is its own.
  const key = `booking:${booking.id}:${kind}:${at.sequence}`;
  const out: PlannedMessage[] = [];
  const common = { kind, patientId: patient.id, bookingId: booking.id, eventId: at.eventId };
  if (patient.email !== null) {
    out.push({
      ...common,
      channel: "email",
      recipient: patient.email,
      sendAt: at.now,
      dedupeKey: `${key}:email`,
      vars: {
        ...vars,
        icsMethod: change.type === "cancelled" ? "CANCEL" : "REQUEST",
        icsUid: `booking-${booking.id}@regimen`,
        icsSequence: String(at.sequence),
        startsAt: booking.startsAt,
        endsAt: booking.endsAt,
        changedAt: at.now,
      },
    });
  }
  if (patient.phone !== null) {
    out.push({
      ...common,
      channel: "sms",
      recipient: patient.phone,
      sendAt: afterQuietHours(at.now, zone),
      dedupeKey: `${key}:sms`,
      vars,
    });
  }
  return out;
}

export type AccountMail =
  | { type: "signup_confirmation"; email: string; token: string; expiresAt: string }
  | { type: "signup_attempted"; email: string }
  | { type: "password_reset"; email: string; token: string; expiresAt: string }
  | {
      type: "account_invitation";
      email: string;
      name: string;
      role: string;
      /** The clinic's first admin, setting up a clinic just created. */
      firstAdmin: boolean;
      token: string;
      expiresAt: string;
    };

/**
 * An account email (sign-up link, reset, invitation): one per event, at once, to the address the
 * event names. The token travels apart from the variables and is forgotten once sent.
 */
export function accountMessage(
  mail: AccountMail,
  clinic: { name: string; timeZone: string },
  at: { now: string; eventId: string },
): PlannedMessage {
  const base = {
    channel: "email" as const,
    recipient: mail.email,
    sendAt: at.now,
    dedupeKey: `event:${at.eventId}`,
    patientId: null,
    bookingId: null,
    eventId: at.eventId,
  };
  const expires = (iso: string) => formatLocalDateTime(iso, clinic.timeZone);
  switch (mail.type) {
    case "signup_confirmation":
      return {
        ...base,
        kind: "signup_confirmation",
        vars: {
          clinicName: clinic.name,
          link: WEB_PATHS.confirmSignup,
          expiresLocal: expires(mail.expiresAt),
        },
        secret: mail.token,
      };
    case "signup_attempted":
      return {
        ...base,
        kind: "signup_attempted",
        vars: { clinicName: clinic.name, signInUrl: WEB_PATHS.signIn, resetUrl: WEB_PATHS.forgotPassword },
      };
    case "password_reset":
      return {
        ...base,
        kind: "password_reset",
        vars: {
          clinicName: clinic.name,
          link: WEB_PATHS.resetPassword,
          expiresLocal: expires(mail.expiresAt),
        },
        secret: mail.token,
      };
    case "account_invitation":
      return {
        ...base,
        kind: mail.firstAdmin ? "admin_setup" : "account_invitation",
        vars: {
          clinicName: clinic.name,
          recipientName: mail.name,
          role: mail.role.replaceAll("_", " "),
          link: WEB_PATHS.setPassword,
          expiresLocal: expires(mail.expiresAt),
        },
        secret: mail.token,
      };
  }
}

/** The clinic's email about a check-in outside the expected course, to each of its recipients. */
export function alertMessages(
  alert: {
    alertId: string;
    patientId: string;
    patientName: string;
    codes: readonly string[];
    summary: string;
  },
  clinic: { name: string },
  recipients: readonly string[],
  at: { now: string; eventId: string },
): PlannedMessage[] {
  return [...new Set(recipients)].map((recipient) => ({
    kind: "alert_raised",
    channel: "email",
    recipient,
    sendAt: at.now,
    dedupeKey: `event:${at.eventId}:${recipient}`,
    patientId: alert.patientId,
    bookingId: null,
    eventId: at.eventId,
    vars: {
      clinicName: clinic.name,
      patientName: alert.patientName,
      summary: alert.summary,
      codes: alert.codes.join(", "),
      alertUrl: WEB_PATHS.alert(alert.alertId),
    },
  }));
}
