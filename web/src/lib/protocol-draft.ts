import { Temporal } from "temporal-polyfill";

/**
 * The protocol editor works on the clinic's whole protocol document as loose JSON (the server
 * validates it on save and names each bad field by its path, e.g. `interval.minDays` or
 * `aftercare[2].toHours`). Inputs are named by the same paths, so each message lands beside its
 * input; these helpers read and write a path without touching the rest of the document.
 */
export type Doc = Record<string, unknown>;

/** `aftercare[2].text` → ["aftercare", 2, "text"]. */
export function pathParts(path: string): (string | number)[] {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((part) => part !== "")
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The value at `path`, or undefined where the document has none. */
export function valueAt(doc: unknown, path: string): unknown {
  let at: unknown = doc;
  for (const part of pathParts(path)) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[part];
  }
  return at;
}

/** A copy of `doc` with `value` at `path`; objects and arrays on the way are copied, never changed. */
export function withValueAt<T>(doc: T, path: string, value: unknown): T {
  const [head, ...rest] = pathParts(path);
  if (head === undefined) return value as T;
  const restPath = rest
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
  const container = (
    typeof doc === "object" && doc !== null ? doc : typeof head === "number" ? [] : {}
  ) as Record<string | number, unknown>;
  const next = rest.length === 0 ? value : withValueAt(container[head], restPath, value);
  if (Array.isArray(container)) {
    const copy = [...container];
    copy[head as number] = next;
    return copy as T;
  }
  return { ...container, [head]: next } as T;
}

/** "14, 7, 3" → [14, 7, 3]; anything that is not a whole number is kept out and reported. */
export function parseDayList(text: string): { days: number[]; bad: string[] } {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const days: number[] = [];
  const bad: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part)) days.push(Number(part));
    else bad.push(part);
  }
  return { days, bad };
}

/**
 * A sample series as a plan would lay it out: the first session on `firstDay`, the next ones
 * `targetMinDays` apart (the earliest the protocol aims for), then the maintenance session
 * `everyMonths` after the last one. Days are calendar days `YYYY-MM-DD`.
 */
export function sampleSeries(
  firstDay: string,
  sessions: number,
  targetMinDays: number,
  everyMonths: number,
): { sessions: string[]; maintenance: string } {
  const first = Temporal.PlainDate.from(firstDay);
  const days = Array.from({ length: Math.max(1, sessions) }, (_, i) =>
    first.add({ days: i * targetMinDays }),
  );
  const last = days[days.length - 1] ?? first;
  return { sessions: days.map(String), maintenance: last.add({ months: everyMonths }).toString() };
}
