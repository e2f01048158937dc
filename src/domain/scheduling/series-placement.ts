import { DomainError } from "../errors.js";
import { parseInstant } from "../time/instants.js";
import { LocalDays } from "../time/local-days.js";
import type { Slot } from "./slot-search.js";

export interface SeriesPlacementInput {
  /** Candidate slots per session; index 0 is session 1. */
  candidates: readonly (readonly Slot[])[];
  /** The clinic's zone: gaps are counted in its calendar days. */
  timeZone: string;
  /** Session n+1's local date minus session n's must lie in [minIntervalDays, maxIntervalDays]. */
  minIntervalDays: number;
  maxIntervalDays: number;
  /** The gap the protocol aims for; without it, only the bounds and earliness count. */
  targetIntervalDays?: number;
  preferProviderId?: string;
}

/**
 * What a plan costs, compared field by field: provider changes between consecutive sessions,
 * then sessions not with the preferred provider, then the summed distance of the gaps from
 * the target. So one provider throughout wins (the preferred one first), and a mixed series
 * is the fallback with as few changes as it can manage.
 */
type Cost = readonly [switches: number, notPreferred: number, deviation: number];

/** A session's option: a provider on a day, represented by their earliest slot that day. */
interface Option {
  day: number;
  providerId: string;
  startsAt: number;
  slot: Slot;
}

/**
 * One slot per session of a treatment series, or null when no combination keeps every gap
 * within bounds. Among valid plans it picks the cheapest `Cost`, and among equals the
 * earliest (session 1 first, then session 2, …), then the lower provider id.
 *
 * Dynamic programming over (session, day, provider), backwards for the cost to finish and
 * then forwards for the earliest choice: O(sessions × options × options per gap range),
 * never the cross product of the sessions' slots. Gaps are whole calendar days, so the
 * time of day never matters and two sessions never share a day (`minIntervalDays` >= 1).
 */
export function placeSeries(input: SeriesPlacementInput): Slot[] | null {
  const { minIntervalDays: min, maxIntervalDays: max, targetIntervalDays: target, preferProviderId } = input;
  if (!Number.isInteger(min) || min < 1) {
    throw invalid("minIntervalDays", "must be a whole number of days, at least 1");
  }
  if (!Number.isInteger(max) || max < min) {
    throw invalid("maxIntervalDays", "must be a whole number, at least minIntervalDays");
  }
  if (target !== undefined && !Number.isFinite(target)) {
    throw invalid("targetIntervalDays", "must be a number of days");
  }
  if (input.candidates.length === 0) return [];
  if (input.candidates.some((slots) => slots.length === 0)) return null;

  const starts = input.candidates.map((slots, session) =>
    slots.map((slot, index) => parseInstant(slot.startsAt, `candidates[${session}][${index}].startsAt`)),
  );
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const ms of starts.flat()) {
    if (ms < earliest) earliest = ms;
    if (ms > latest) latest = ms;
  }
  const days = LocalDays.cover(input.timeZone, earliest, latest + 1);

  const sessions = input.candidates.map((slots, session) => {
    const options = new Map<string, Option>();
    slots.forEach((slot, index) => {
      const startsAt = (starts[session] as number[])[index] as number;
      const day = days.dayOf(startsAt);
      const key = `${day}|${slot.providerId}`;
      const known = options.get(key);
      if (known === undefined || startsAt < known.startsAt) {
        options.set(key, { day, providerId: slot.providerId, startsAt, slot });
      }
    });
    const list = [...options.values()];
    const byDay = new Map<number, number[]>();
    list.forEach((option, index) => {
      const onDay = byDay.get(option.day);
      if (onDay === undefined) byDay.set(option.day, [index]);
      else onDay.push(index);
    });
    return { options: list, byDay };
  });

  const notPreferred = (option: Option) =>
    preferProviderId !== undefined && option.providerId !== preferProviderId ? 1 : 0;
  const step = (from: Option, to: Option): Cost => [
    from.providerId === to.providerId ? 0 : 1,
    0,
    target === undefined ? 0 : Math.abs(to.day - from.day - target),
  ];

  // toGo[s][k]: the least cost of sessions s … last, given session s takes option k.
  const last = sessions.length - 1;
  const toGo: (Cost | null)[][] = sessions.map(() => []);
  toGo[last] = (sessions[last]?.options ?? []).map((option) => [0, notPreferred(option), 0]);
  for (let s = last - 1; s >= 0; s--) {
    const here = sessions[s] as (typeof sessions)[number];
    const ahead = sessions[s + 1] as (typeof sessions)[number];
    const aheadToGo = toGo[s + 1] as (Cost | null)[];
    toGo[s] = here.options.map((option) => {
      let best: Cost | null = null;
      for (let day = option.day + min; day <= option.day + max; day++) {
        for (const k of ahead.byDay.get(day) ?? []) {
          const rest = aheadToGo[k];
          if (rest === undefined || rest === null) continue;
          const total = add(step(option, ahead.options[k] as Option), rest);
          if (best === null || compareCosts(total, best) < 0) best = total;
        }
      }
      return best === null ? null : add([0, notPreferred(option), 0], best);
    });
  }

  const chosen: Option[] = [];
  let previous: Option | undefined;
  for (let s = 0; s <= last; s++) {
    const { options, byDay } = sessions[s] as (typeof sessions)[number];
    const reachable =
      previous === undefined
        ? options.map((_, k) => k)
        : rangeOfDays(previous.day + min, previous.day + max).flatMap((day) => byDay.get(day) ?? []);
    let best: { option: Option; cost: Cost } | undefined;
    for (const k of reachable) {
      const rest = (toGo[s] as (Cost | null)[])[k];
      if (rest === undefined || rest === null) continue;
      const option = options[k] as Option;
      const cost = previous === undefined ? rest : add(step(previous, option), rest);
      if (best === undefined || isBetter(cost, option, best.cost, best.option)) best = { option, cost };
    }
    if (best === undefined) return null;
    chosen.push(best.option);
    previous = best.option;
  }
  return chosen.map((option) => option.slot);
}

function add(a: Cost, b: Cost): Cost {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

function compareCosts(a: Cost, b: Cost): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function isBetter(cost: Cost, option: Option, bestCost: Cost, best: Option): boolean {
  const byCost = compareCosts(cost, bestCost);
  if (byCost !== 0) return byCost < 0;
  if (option.startsAt !== best.startsAt) return option.startsAt < best.startsAt;
  return option.providerId < best.providerId;
}

function rangeOfDays(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function invalid(path: string, message: string): DomainError {
  return new DomainError("invalid_input", `${path} ${message}`, { fields: [{ path, message }] });
}
