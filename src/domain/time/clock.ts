import { Temporal } from "temporal-polyfill";

/** The domain never reads the system clock; the edge passes one of these in. */
export interface Clock {
  now(): Temporal.Instant;
}

export function fixedClock(iso: string): Clock {
  const instant = Temporal.Instant.from(iso);
  return { now: () => instant };
}
