import type { Clinic, Device, DeviceKind, HoursException, Provider, Room, Service } from "../clinic/types.js";
import { DomainError } from "../errors.js";
import { createInstantFormatter, parseInstant } from "../time/instants.js";
import { LocalDays } from "../time/local-days.js";
import { bookingHorizonEnd } from "./booking-horizon.js";
import { type ClosedDays, closedIntervals } from "./closures.js";
import {
  BusyCursor,
  clipIntervals,
  type Interval,
  normalizeIntervals,
  subtractIntervals,
  widenIntervals,
} from "./intervals.js";
import { expandProviderHours } from "./working-time.js";

/** A stretch during which a provider, room or device is held (already buffered). */
export interface HeldInterval {
  resourceId: string;
  startsAt: string;
  endsAt: string;
  /**
   * The same two instants in epoch ms, when the caller already has them (a cache of holds keeps
   * them): a month's search weighs thousands of holds, and parsing each again is a fair share of
   * its cost.
   */
  startMs?: number;
  endMs?: number;
}

export interface InstantRange {
  startsAt: string;
  endsAt: string;
}

export interface PatientConstraints {
  /**
   * The appointment itself may not overlap any of these (the caller builds them from
   * washouts, series-interval rules and the patient's other bookings).
   */
  forbidden: readonly InstantRange[];
  /** A hard contraindication: nothing may be offered. */
  blocked?: boolean;
}

export interface SlotSearchInput {
  clinic: Pick<Clinic, "timeZone" | "policy">;
  service: Service;
  providers: readonly Provider[];
  /** Hours exceptions of any providers; those of others are ignored. */
  exceptions: readonly HoursException[];
  rooms: readonly Room[];
  devices: readonly Device[];
  /** Days the whole clinic is closed (clinic zone): no appointment overlaps them. */
  closures?: readonly ClosedDays[];
  /** Every held interval of providers, rooms and devices; ids are unique across kinds. */
  busy: readonly HeldInterval[];
  /** UTC instants; an appointment `[startsAt, endsAt)` must lie inside `[from, to)`. */
  window: { from: string; to: string };
  /** Minimum notice counts from here. */
  now: string;
  /** Only this provider's slots. */
  providerId?: string;
  patient?: PatientConstraints;
  /** At most this many slots (the earliest ones). */
  limit?: number;
}

/**
 * A bookable appointment. Slots are alternatives, not a plan: two providers may be offered
 * at the same time with the same (only) device; booking one makes the device busy, and the
 * next search drops the other.
 */
export interface Slot {
  startsAt: string;
  endsAt: string;
  providerId: string;
  roomId: string | null;
  /** One device per kind the service lists, in the service's order. */
  deviceIds: string[];
}

const MINUTE_MS = 60_000;

/**
 * Every start at which `service` can be booked, one slot per (start, provider), sorted by
 * `startsAt` then `providerId`.
 *
 * - Starts lie on the clinic's slot step counted from the provider's opening time (weekly
 *   or extra hours; time off and bookings do not shift the grid).
 * - The appointment lies inside the provider's working hours, the window, and starts at
 *   least `minNoticeMinutes` after `now` and no later than the last bookable day
 *   (`policy.maxAdvanceDays`, see booking-horizon.ts); it overlaps no forbidden interval of
 *   the patient, and no day of a clinic closure.
 * - The buffered block `[start - bufferBefore, end + bufferAfter)` overlaps nothing held by
 *   the provider, the room (the first free active room of a kind the service may use, by its
 *   preference of kinds then id, when the service needs one) or the devices (the first free
 *   active device of each kind by id). The block may reach past working hours: buffers are
 *   clean-up time, not face time.
 *
 * Throws `DomainError("invalid_input")` for unparseable instants or wall times, an unknown
 * zone, a window that ends before it starts, or minutes that are not whole numbers (or are
 * zero for the duration and the step).
 */
export function searchSlots(input: SlotSearchInput): Slot[] {
  const { clinic, service } = input;
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  if (input.patient?.blocked === true || !service.active || !(limit > 0)) return [];

  const duration = minutesToMs(service.durationMinutes, "service.durationMinutes", false);
  const before = minutesToMs(service.bufferBeforeMinutes, "service.bufferBeforeMinutes", true);
  const after = minutesToMs(service.bufferAfterMinutes, "service.bufferAfterMinutes", true);
  const step = minutesToMs(clinic.policy.slotStepMinutes, "clinic.policy.slotStepMinutes", false);
  const notice = minutesToMs(clinic.policy.minNoticeMinutes, "clinic.policy.minNoticeMinutes", true);
  const from = parseInstant(input.window.from, "window.from");
  const to = parseInstant(input.window.to, "window.to");
  const now = parseInstant(input.now, "now");
  if (to < from) {
    throw new DomainError("invalid_input", "the window ends before it starts", {
      fields: [{ path: "window.to", message: "must not be before window.from" }],
    });
  }
  const earliest = Math.max(from, now + notice);
  if (earliest + duration > to) return [];

  // Id order makes equal starts come out by providerId, and resource picks stable.
  const wanted = (p: Provider) =>
    p.active &&
    p.skills.includes(service.code) &&
    (input.providerId === undefined || p.id === input.providerId);
  const providers = input.providers.filter(wanted).sort(byId);
  if (providers.length === 0) return [];

  const groups: { isRoom: boolean; members: { id: string }[] }[] = [];
  if (service.needsRoom) {
    // The service's kinds in order of preference (a consultation takes the consult room before
    // a treatment room), then by id.
    const rank = (r: Room) => service.roomKinds.indexOf(r.kind);
    const members = input.rooms
      .filter((r) => r.active && rank(r) >= 0)
      .sort((a, b) => rank(a) - rank(b) || byId(a, b));
    groups.push({ isRoom: true, members });
  }
  for (const kind of new Set<DeviceKind>(service.deviceKinds)) {
    const members = input.devices.filter((d) => d.active && d.kind === kind).sort(byId);
    groups.push({ isRoom: false, members });
  }
  if (groups.some((group) => group.members.length === 0)) return [];

  // One pass over the held intervals, bucketed by resource; providers take buckets 0 … P-1.
  const bucketOf = new Map<string, number>();
  for (const provider of providers) bucketOf.set(provider.id, bucketOf.size);
  for (const group of groups) for (const member of group.members) bucketOf.set(member.id, bucketOf.size);
  const held: Interval[][] = Array.from({ length: bucketOf.size }, () => []);
  // A held interval matters only if it can touch a buffered block of an appointment in the window.
  const reachFrom = earliest - before;
  const reachTo = to + after;
  const busy = input.busy;
  for (let index = 0; index < busy.length; index++) {
    const entry = busy[index] as HeldInterval;
    const bucket = bucketOf.get(entry.resourceId);
    if (bucket === undefined) continue;
    const start = entry.startMs ?? parseInstant(entry.startsAt, `busy[${index}].startsAt`);
    const end = entry.endMs ?? parseInstant(entry.endsAt, `busy[${index}].endsAt`);
    if (end > reachFrom && start < reachTo) held[bucket]?.push({ start, end });
  }

  const forbidden = normalizeIntervals(
    (input.patient?.forbidden ?? []).map((range, index) => ({
      start: parseInstant(range.startsAt, `patient.forbidden[${index}].startsAt`),
      end: parseInstant(range.endsAt, `patient.forbidden[${index}].endsAt`),
    })),
  );

  // Per provider: the exact set of allowed appointment starts, as a sorted list of ms.
  // The window, not `earliest`, picks the days, so the grid does not move as `now` does.
  const days = LocalDays.cover(clinic.timeZone, from, to, "clinic.timeZone");
  // Starts (not ends) must fall on or before the last bookable day.
  const horizon = parseInstant(bookingHorizonEnd(clinic, input.now), "now");
  if (earliest >= horizon) return [];
  const closed = closedIntervals(input.closures ?? [], days);
  const startsByProvider = providers.map((provider, bucket) => {
    const hours = expandProviderHours(
      provider,
      input.exceptions,
      days,
      `providers[${input.providers.indexOf(provider)}]`,
    );
    let allowed = clipIntervals(hours.working, earliest, to);
    allowed = subtractIntervals(allowed, widenIntervals(held[bucket] ?? [], after, before));
    if (forbidden.length > 0) allowed = subtractIntervals(allowed, forbidden);
    if (closed.length > 0) allowed = subtractIntervals(allowed, closed);
    return gridStarts(hours.open, allowed, step, duration).filter((start) => start < horizon);
  });

  const cursors = groups.map((group) =>
    group.members.map(
      (member) => new BusyCursor(normalizeIntervals(held[bucketOf.get(member.id) ?? -1] ?? [])),
    ),
  );
  const format = createInstantFormatter();
  const slots: Slot[] = [];
  // A k-way merge of the providers' sorted starts, one distinct start at a time: every
  // provider wants the same rooms and devices then, so they are picked once per start,
  // and the start-major, id-minor order is the output order.
  const next = new Int32Array(providers.length);
  const heads = new Float64Array(startsByProvider.map((run) => run[0] ?? Number.POSITIVE_INFINITY));
  while (slots.length < limit) {
    let start = Number.POSITIVE_INFINITY;
    for (let p = 0; p < heads.length; p++) if ((heads[p] as number) < start) start = heads[p] as number;
    if (start === Number.POSITIVE_INFINITY) break;
    const picked = pickResources(groups, cursors, start - before, start + duration + after);
    for (let p = 0; p < heads.length; p++) {
      if (heads[p] !== start) continue;
      const run = startsByProvider[p] as number[];
      const at = (next[p] as number) + 1;
      next[p] = at;
      heads[p] = at < run.length ? (run[at] as number) : Number.POSITIVE_INFINITY;
      if (picked === null || slots.length >= limit) continue;
      slots.push({
        startsAt: format(start),
        endsAt: format(start + duration),
        providerId: (providers[p] as Provider).id,
        roomId: picked.roomId,
        deviceIds: picked.deviceIds.slice(),
      });
    }
  }
  return slots;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whole minutes only: a fractional step would also let a bad policy ask for millions of candidates. */
function minutesToMs(value: number, path: string, zeroAllowed: boolean): number {
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    const message = zeroAllowed
      ? "must be a whole number of minutes, 0 or more"
      : "must be a whole number of minutes, 1 or more";
    throw new DomainError("invalid_input", `${path} ${message}`, { fields: [{ path, message }] });
  }
  return value * MINUTE_MS;
}

/**
 * Starts on the step grid anchored at each opening, for which `[start, start + duration)`
 * fits in an allowed stretch. `allowed` lies inside `open`, and both are normalized, so
 * each allowed stretch sits inside exactly one opening.
 */
function gridStarts(open: readonly Interval[], allowed: readonly Interval[], step: number, duration: number) {
  const starts: number[] = [];
  let o = 0;
  for (const { start: from, end: to } of allowed) {
    while (o < open.length && (open[o] as Interval).end < to) o++;
    const opening = open[o];
    if (opening === undefined) break;
    const anchor = opening.start;
    for (
      let start = anchor + Math.ceil((from - anchor) / step) * step;
      start + duration <= to;
      start += step
    ) {
      starts.push(start);
    }
  }
  return starts;
}

/** The first free member of each group for the block, or null when a group is exhausted. */
function pickResources(
  groups: readonly { isRoom: boolean; members: { id: string }[] }[],
  cursors: readonly BusyCursor[][],
  blockStart: number,
  blockEnd: number,
): { roomId: string | null; deviceIds: string[] } | null {
  let roomId: string | null = null;
  const deviceIds: string[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as (typeof groups)[number];
    const groupCursors = cursors[g] as BusyCursor[];
    let chosen: string | undefined;
    for (let m = 0; m < groupCursors.length; m++) {
      if (!(groupCursors[m] as BusyCursor).overlaps(blockStart, blockEnd)) {
        chosen = (group.members[m] as { id: string }).id;
        break;
      }
    }
    if (chosen === undefined) return null;
    if (group.isRoom) roomId = chosen;
    else deviceIds.push(chosen);
  }
  return { roomId, deviceIds };
}
