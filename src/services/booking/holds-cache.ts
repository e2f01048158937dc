import {
  type BusyInterval,
  listBusyOf,
  listHoldsStartingIn,
  MAX_HOLD_MINUTES,
} from "../../store/hold.repository.js";
import type { Executor } from "../../store/schema.js";

const MAX_HOLD_MS = MAX_HOLD_MINUTES * 60_000;

/** A hold as a search gets it: with its instants also in epoch ms, so the search parses nothing. */
type TimedHold = BusyInterval & { startMs: number; endMs: number };

/** One resource's holds, by start, with their instants as numbers for the binary search. */
interface ResourceHolds {
  holds: BusyInterval[];
  starts: number[];
  ends: number[];
}

/**
 * A clinic's holds as of one booking revision and one setup revision: every hold of the setup's
 * providers, rooms and devices that starts in [lo, hi) (epoch ms). Never mutated once stored.
 */
interface Entry {
  bookingRevision: number;
  setupRevision: number;
  lo: number;
  hi: number;
  byResource: ReadonlyMap<string, ResourceHolds>;
}

export interface HoldsQuery {
  clinicId: string;
  /** Read in one statement just before, outside any write transaction (`findClinicRevisions`). */
  bookingRevision: number;
  setupRevision: number;
  /** Every provider, room and device of that setup: what the entry keeps. */
  clinicResourceIds: readonly string[];
  /** The resources this search weighs (a subset of `clinicResourceIds`). */
  resourceIds: readonly string[];
  from: string;
  to: string;
}

/**
 * The holds a slot search weighs, kept per app instance and clinic, and trusted only while the
 * clinic's booking revision (bumped in every transaction that writes holds) and setup revision
 * stay what they were when the holds were read: a search of a quiet calendar then reads one row of
 * revisions instead of thousands of holds.
 *
 * Why an unchanged revision proves the holds unchanged: the revisions are read before the holds,
 * each in its own statement, so the holds are at least as new as the revision they are stored
 * under; a later search that reads the same revision saw no hold write commit since, so nothing
 * the cache holds can be stale. A search that finds the revision moved reads its window directly
 * (as without a cache) and only marks the revision as seen; the next search at that same revision
 * fills the cache. A clinic that books all the time thus costs one extra small read per search, and
 * a quiet one is served from memory. The kept range grows to cover every window asked for.
 */
export class ClinicHoldsCache {
  readonly #entries = new Map<string, Entry>();

  async busyOf(db: Executor, query: HoldsQuery): Promise<BusyInterval[]> {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const needLo = from - MAX_HOLD_MS;
    const current = this.#entries.get(query.clinicId);
    const valid =
      current !== undefined &&
      current.bookingRevision === query.bookingRevision &&
      current.setupRevision === query.setupRevision;
    if (!valid) {
      // Remember the revision, holding nothing yet: only a second search at it fills the cache.
      this.#entries.set(query.clinicId, {
        bookingRevision: query.bookingRevision,
        setupRevision: query.setupRevision,
        lo: needLo,
        hi: needLo,
        byResource: new Map(),
      });
      return listBusyOf(db, query.resourceIds, query.from, query.to);
    }
    let entry = current;
    if (needLo < entry.lo || to > entry.hi) {
      entry = await this.#extend(db, query, entry, needLo, to);
    }
    return slice(entry, query.resourceIds, from, to);
  }

  /** Reads what [needLo, needHi) adds to the entry's range and stores the widened entry. */
  async #extend(
    db: Executor,
    query: HoldsQuery,
    entry: Entry,
    needLo: number,
    needHi: number,
  ): Promise<Entry> {
    const empty = entry.lo === entry.hi;
    const lo = empty ? needLo : Math.min(entry.lo, needLo);
    const hi = empty ? needHi : Math.max(entry.hi, needHi);
    // Ranges of start instants that do not overlap never return one hold twice.
    const pieces: [number, number][] = empty
      ? [[lo, hi]]
      : [
          [lo, entry.lo],
          [entry.hi, hi],
        ];
    const added: BusyInterval[] = [];
    for (const [a, b] of pieces) {
      if (a >= b) continue;
      const rows = await listHoldsStartingIn(
        db,
        query.clinicResourceIds,
        new Date(a).toISOString(),
        new Date(b).toISOString(),
      );
      for (const row of rows) added.push(row);
    }
    const merged = new Map<string, BusyInterval[]>();
    for (const [resourceId, held] of entry.byResource) merged.set(resourceId, [...held.holds]);
    for (const hold of added) {
      const list = merged.get(hold.resourceId);
      if (list === undefined) merged.set(hold.resourceId, [hold]);
      else list.push(hold);
    }
    const byResource = new Map<string, ResourceHolds>();
    for (const [resourceId, list] of merged) {
      const withTimes = list.map((hold) => ({
        hold,
        start: Date.parse(hold.startsAt),
        end: Date.parse(hold.endsAt),
      }));
      withTimes.sort((x, y) => x.start - y.start);
      byResource.set(resourceId, {
        holds: withTimes.map((x) => x.hold),
        starts: withTimes.map((x) => x.start),
        ends: withTimes.map((x) => x.end),
      });
    }
    const widened: Entry = { ...entry, lo, hi, byResource };
    // Another search may have moved the entry on meanwhile; keep whichever is current.
    if (this.#entries.get(query.clinicId) === entry) this.#entries.set(query.clinicId, widened);
    return widened;
  }
}

/** The kept holds of `resourceIds` that overlap [from, to), each resource's by start. */
function slice(entry: Entry, resourceIds: readonly string[], from: number, to: number): TimedHold[] {
  const out: TimedHold[] = [];
  for (const resourceId of resourceIds) {
    const held = entry.byResource.get(resourceId);
    if (held === undefined) continue;
    // The first hold that could reach `from`: none is longer than MAX_HOLD_MS.
    let low = 0;
    let high = held.starts.length;
    const earliest = from - MAX_HOLD_MS;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((held.starts[mid] as number) < earliest) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < held.starts.length && (held.starts[i] as number) < to; i++) {
      const endMs = held.ends[i] as number;
      if (endMs <= from) continue;
      // Made afresh for each search, with the instants the cache parsed when it read them. Handing
      // out the kept objects themselves, with the instants added once, measured about 1 ms slower
      // per month's search in the bench (their layout in memory, we think), and this costs far less.
      const { resourceId: id, startsAt, endsAt } = held.holds[i] as BusyInterval;
      out.push({ resourceId: id, startsAt, endsAt, startMs: held.starts[i] as number, endMs });
    }
  }
  return out;
}
