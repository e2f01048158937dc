import { capRefusal } from "../../domain/booking/booking-caps.js";
import type { Booking } from "../../domain/booking/types.js";
import { dayOfInstant, startOfDay } from "../../domain/time/calendar.js";
import { listUncancelledBookingsFrom } from "../../store/booking.repository.js";
import type { Executor } from "../../store/schema.js";
import type { ClinicSetup } from "../clinic/clinic-setup.js";

/**
 * Refuses (`limit_reached`, 409) a write that would put the patient past one of the clinic's
 * per-patient caps. Call it in the write's transaction, after the patient's row is serialized,
 * with everything the write adds: one booking, every session of a series, a move's new places.
 */
export async function assertWithinBookingCaps(
  trx: Executor,
  setup: ClinicSetup,
  args: {
    patientId: string;
    now: string;
    adding: readonly { startsAt: string; serviceId: string }[];
    /** Bookings the write moves away: they do not count against it. */
    replacing?: readonly string[];
    /**
     * The patient's uncancelled bookings from `capsWindowStart(…)` on, when the write has already
     * read them in this transaction (after the patient's lock); read here otherwise.
     */
    existing?: readonly Booking[] | undefined;
  },
): Promise<void> {
  const { clinic } = setup;
  const treatment = new Set(setup.services.filter((s) => s.isTreatment).map((s) => s.id));
  const existing =
    args.existing ??
    (await listUncancelledBookingsFrom(trx, args.patientId, capsWindowStart(setup, args.now)));
  const refusal = capRefusal({
    caps: clinic.policy,
    timeZone: clinic.timeZone,
    now: args.now,
    existing: existing.map((b) => ({ ...b, isTreatment: treatment.has(b.serviceId) })),
    adding: args.adding.map((b) => ({ startsAt: b.startsAt, isTreatment: treatment.has(b.serviceId) })),
    ...(args.replacing === undefined ? {} : { replacing: args.replacing }),
  });
  if (refusal) throw refusal;
}

/** Where the caps start counting: consultations earlier today count towards today's cap; nothing before today counts at all. */
export function capsWindowStart(setup: ClinicSetup, now: string): string {
  const zone = setup.clinic.timeZone;
  return startOfDay(dayOfInstant(now, zone), zone);
}
