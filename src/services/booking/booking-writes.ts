import type { Booking } from "../../domain/booking/types.js";
import type { Service } from "../../domain/clinic/types.js";
import type { Slot } from "../../domain/scheduling/slot-search.js";
import { heldResourceIds, insertBooking } from "../../store/booking.repository.js";
import { assertHoldsFree } from "../../store/hold.repository.js";
import type { Executor } from "../../store/schema.js";
import { type EventContext, type EventStore, recordEvent } from "../events/record-event.js";

export function blockOf(service: Service, slot: Pick<Slot, "startsAt" | "endsAt">) {
  const minute = 60_000;
  const start = Date.parse(slot.startsAt) - service.bufferBeforeMinutes * minute;
  const end = Date.parse(slot.endsAt) + service.bufferAfterMinutes * minute;
  return { blockStartsAt: new Date(start).toISOString(), blockEndsAt: new Date(end).toISOString() };
}

export function bookingEventPayload(booking: Booking, service: Service): Record<string, unknown> {
  return {
    bookingId: booking.id,
    patientId: booking.patientId,
    serviceCode: service.code,
    providerId: booking.providerId,
    roomId: booking.roomId,
    deviceIds: booking.deviceIds,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    status: booking.status,
    seriesId: booking.seriesId,
    seriesNumber: booking.seriesNumber,
  };
}

/**
 * Writes one booking on a resolved slot, with its holds and its outbox event, in the caller's
 * transaction. PostgreSQL's exclusion constraint refuses an overlapping hold at the insert (and
 * `withOverlapRetry` answers that), so a read before the write would only cost a round trip there.
 * SQLite has no such constraint: the read is the check.
 */
export async function writeBooking(
  db: Executor,
  store: EventStore,
  args: {
    clinicId: string;
    patientId: string;
    service: Service;
    slot: Slot;
    now: string;
    series?: { seriesId: string; seriesNumber: number; planId: string | null };
    /** The setup and patient the caller loaded in this transaction, handed on to the event. */
    known?: Pick<EventContext, "setup" | "patient">;
  },
): Promise<Booking> {
  const block = blockOf(args.service, args.slot);
  const draft = {
    providerId: args.slot.providerId,
    roomId: args.slot.roomId,
    deviceIds: args.slot.deviceIds,
    patientId: args.patientId,
  };
  if (store.dialect !== "postgres") await assertHoldsFree(db, heldResourceIds(draft), block);
  const booking = await insertBooking(
    db,
    {
      clinicId: args.clinicId,
      serviceId: args.service.id,
      ...draft,
      startsAt: args.slot.startsAt,
      endsAt: args.slot.endsAt,
      ...block,
      seriesId: args.series?.seriesId ?? null,
      seriesNumber: args.series?.seriesNumber ?? null,
      planId: args.series?.planId ?? null,
      createdAt: args.now,
    },
    store.dialect,
  );
  await recordEvent(
    db,
    store,
    {
      clinicId: args.clinicId,
      type: "booking.created",
      payload: bookingEventPayload(booking, args.service),
      createdAt: args.now,
    },
    { ...args.known, booking },
  );
  return booking;
}
