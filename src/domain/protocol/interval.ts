import { TOO_SOON_AFTER_PREVIOUS_SESSION } from "./codes.js";
import type { Override } from "./intake.js";
import type { Protocol } from "./protocol.schema.js";

export interface SessionGap {
  /** Whole calendar days two treatment sessions of one patient must lie apart, at least. */
  days: number;
  /** True when a provider accepted the shorter gap (`interval.overrideMinDays`). */
  overridden: boolean;
  /** The protocol field the number comes from, for explanations. */
  path: "interval.minDays" | "interval.overrideMinDays";
}

/**
 * The minimum gap between a patient's treatment sessions. Plans, booking gates, series
 * placement and the reschedule cascade all ask this one function, so they never disagree:
 * `interval.minDays`, or `interval.overrideMinDays` once a provider accepted the
 * `too_soon_after_previous_session` override on the patient's plan.
 */
export function minSessionGap(protocol: Protocol, overrides: readonly Pick<Override, "code">[]): SessionGap {
  const overridden = overrides.some((o) => o.code === TOO_SOON_AFTER_PREVIOUS_SESSION);
  return overridden
    ? { days: protocol.interval.overrideMinDays, overridden, path: "interval.overrideMinDays" }
    : { days: protocol.interval.minDays, overridden, path: "interval.minDays" };
}
