export type BookingStatus = "booked" | "completed" | "cancelled" | "no_show";

/** Statuses that hold their provider, room and devices. */
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = ["booked", "completed"];

export interface Booking {
  id: string;
  clinicId: string;
  patientId: string;
  serviceId: string;
  providerId: string;
  roomId: string | null;
  deviceIds: string[];
  startsAt: string; // UTC instant, the appointment itself
  endsAt: string; // UTC instant
  /** The resources are held from startsAt - bufferBefore to endsAt + bufferAfter. */
  blockStartsAt: string;
  blockEndsAt: string;
  status: BookingStatus;
  seriesId: string | null;
  seriesNumber: number | null;
  planId: string | null;
  lateCancel: boolean;
  createdAt: string;
  updatedAt: string;
  /** Set while a setup change the clinic accepted has left this booking invalid; null otherwise. */
  needsAttention: NeedsAttention | null;
}

/**
 * Why a live booking no longer holds under the clinic's setup, and since when. A setup change
 * never moves or cancels a booking; it flags it, and moving or cancelling it (or staff resolving
 * it) clears the flag.
 */
export interface NeedsAttention {
  /** A code (see `AttentionReason` in setup-impact.ts, or a protocol refusal's code). */
  reason: string;
  /** The same for the front desk, in a sentence. */
  detail: string;
  flaggedAt: string;
  /** The account that accepted the change. */
  flaggedBy: string | null;
}

export interface WaitlistEntry {
  id: string;
  clinicId: string;
  patientId: string;
  serviceId: string;
  providerId: string | null;
  /** The window the patient would take a slot in (UTC instants). */
  fromAt: string;
  toAt: string;
  status: "waiting" | "offered" | "closed";
  createdAt: string;
  /**
   * When a freed slot was offered to the entry, and that slot's times: null until one was (and
   * for offers made before the store kept them).
   */
  offeredAt: string | null;
  offerStartsAt: string | null;
  offerEndsAt: string | null;
  /** When the entry was closed: null while it is open (and for entries closed before the store kept it). */
  closedAt: string | null;
}

export interface OutboxEvent {
  id: string;
  clinicId: string;
  type: string; // booking.created, booking.rescheduled, booking.cancelled, waitlist.offered, …
  payload: Record<string, unknown>;
  createdAt: string;
  /** Filled by the dispatcher (a later part); null until sent. */
  processedAt: string | null;
}
