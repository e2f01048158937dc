import { Temporal } from "temporal-polyfill";
import type { Clinic } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import { assertWithinHorizon } from "../../domain/scheduling/booking-horizon.js";
import { closureOverlapping } from "../../domain/scheduling/closures.js";
import { type Slot, type SlotSearchInput, searchSlots } from "../../domain/scheduling/slot-search.js";
import { addMinutes, instantMilliseconds } from "../../domain/time/instants.js";

/** An instant in any ISO form (`Z` or an offset) as the canonical UTC string, or a field error. */
export function canonicalInstant(value: string, path: string): string {
  try {
    return Temporal.Instant.from(value).toString();
  } catch {
    throw new DomainError("invalid_input", `${path}: "${value}" is not an instant.`, {
      fields: [
        { path, message: "must be an ISO-8601 instant with a zone offset, e.g. 2026-12-10T15:00:00Z" },
      ],
    });
  }
}

/**
 * A start the clinic takes at all: not inside its minimum notice (a bad request, 400) and not
 * after its last bookable day (`too_far_ahead`, 422, naming that day).
 */
export function assertBookableStart(
  clinic: Pick<Clinic, "policy" | "timeZone">,
  now: string,
  startsAt: string,
  path = "startsAt",
) {
  assertNotice(clinic, now, startsAt, path);
  assertWithinHorizon(clinic, now, startsAt, path);
}

/** A start in the past, or closer than the clinic's minimum notice, is a bad request, not a taken slot. */
export function assertNotice(
  clinic: Pick<Clinic, "policy">,
  now: string,
  startsAt: string,
  path = "startsAt",
) {
  const notice = clinic.policy.minNoticeMinutes;
  if (instantMilliseconds(startsAt) < instantMilliseconds(now) + notice * 60_000) {
    throw new DomainError("invalid_input", `${path} must be at least ${notice} minutes from now.`, {
      fields: [{ path, message: `must be at least ${notice} minutes from now` }],
    });
  }
}

export type SearchBase = Omit<SlotSearchInput, "window" | "providerId" | "limit">;

function exactSlot(base: SearchBase, startsAt: string, providerId: string | undefined): Slot | undefined {
  const slots = searchSlots({
    ...base,
    window: { from: startsAt, to: addMinutes(startsAt, base.service.durationMinutes) },
    ...(providerId === undefined ? {} : { providerId }),
  });
  return slots.find((slot) => slot.startsAt === startsAt);
}

/**
 * The slot a request for `startsAt` (and maybe one provider) gets, or the reason it gets none.
 * The reason comes from asking again with fewer constraints, so it names the real obstacle.
 */
export function resolveRequestedSlot(base: SearchBase, startsAt: string, providerId?: string): Slot {
  assertBookableStart(base.clinic, base.now, startsAt);
  const slot = exactSlot(base, startsAt, providerId);
  if (slot) return slot;

  const endsAt = addMinutes(startsAt, base.service.durationMinutes);
  const closure = closureOverlapping(base.closures ?? [], base.clinic.timeZone, startsAt, endsAt);
  if (closure) {
    const days =
      closure.firstDay === closure.lastDay ? closure.firstDay : `${closure.firstDay} to ${closure.lastDay}`;
    throw new DomainError("clinic_closed", `The clinic is closed on ${days}.`, {
      firstDay: closure.firstDay,
      lastDay: closure.lastDay,
    });
  }
  const free = { ...base, busy: [], patient: { forbidden: [] } };
  if (!exactSlot(free, startsAt, providerId)) {
    throw new DomainError(
      "outside_working_hours",
      `No provider for ${base.service.code} works at ${startsAt}, or it is not on the clinic's ${base.clinic.policy.slotStepMinutes}-minute grid.`,
    );
  }
  const providerIds = new Set(base.providers.map((p) => p.id));
  const providersOnly = { ...free, busy: base.busy.filter((b) => providerIds.has(b.resourceId)) };
  if (!exactSlot(providersOnly, startsAt, providerId)) {
    throw new DomainError("slot_taken", "That time has just been taken; choose another slot.");
  }
  if (!exactSlot({ ...free, patient: base.patient ?? { forbidden: [] } }, startsAt, providerId)) {
    throw new DomainError("conflict", "The patient already has an appointment at that time.");
  }
  throw new DomainError(
    "resource_unavailable",
    `No free room or device for ${base.service.code} at that time.`,
  );
}
