/**
 * Messages the clinic sends: what they are, not how they travel (src/notify/ does that).
 *
 * A message is scheduled as a row (`ScheduledMessage`) in the transaction of the change that causes
 * it, and rendered from its clinic's template only when it is sent, so a template edited meanwhile
 * applies to messages still pending.
 */
export type MessageChannel = "email" | "sms";
export const MESSAGE_CHANNELS: readonly MessageChannel[] = ["email", "sms"];

export type MessageStatus = "pending" | "sent" | "failed" | "cancelled";

/** Template variables: text only, so templates stay simple substitutions. */
export type MessageVars = Readonly<Record<string, string>>;

export interface ScheduledMessage {
  /** Stable: the email's Message-ID and the SMS idempotency key. */
  id: string;
  clinicId: string;
  patientId: string | null;
  recipient: string;
  channel: MessageChannel;
  kind: MessageKind;
  bookingId: string | null;
  eventId: string | null;
  dedupeKey: string;
  sendAt: string;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  vars: MessageVars;
  /** The one-time link token an account mail carries, until it is sent; null after. */
  secret: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** One message a rule asks for: who, what, when, with what variables. */
export interface PlannedMessage {
  kind: MessageKind;
  channel: MessageChannel;
  recipient: string;
  /** When it is due (UTC instant). */
  sendAt: string;
  vars: MessageVars;
  /** Unique per thing scheduled: planning the same thing twice schedules it once. */
  dedupeKey: string;
  patientId: string | null;
  bookingId: string | null;
  /** The outbox event that caused it, if one did. */
  eventId?: string | null;
  secret?: string | null;
}

export const MESSAGE_KINDS = [
  "signup_confirmation",
  "signup_attempted",
  "password_reset",
  "account_invitation",
  "admin_setup",
  "booking_confirmation",
  "booking_update",
  "booking_cancellation",
  "prep_step",
  "session_reminder",
  "aftercare_rules",
  "aftercare_milestone",
  "check_in",
  "maintenance_recall",
  "series_nudge",
  "waitlist_offer",
  "booking_needs_move",
  "alert_raised",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export function isMessageKind(value: string): value is MessageKind {
  return (MESSAGE_KINDS as readonly string[]).includes(value);
}
