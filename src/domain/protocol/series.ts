import { addDays, addMonths } from "../time/calendar.js";
import type { ExplanationEntry } from "./explanation.js";
import type { ConcernEntry } from "./intake.js";
import type { Protocol } from "./protocol.schema.js";

export interface PlannedSession {
  number: number;
  /** Not before this day (the protocol minimum after the previous session). */
  earliestOn: string;
  targetOn: string;
  /** Not after this day, to keep the series' effect; null for the first session. */
  latestOn: string | null;
}

export interface Maintenance {
  everyMonths: number;
  firstOn: string | null;
  required: boolean;
}

/**
 * The most demanding concern decides: each concern's count comes from its goal class and
 * severity (`correctiveSessionsBySeverity` for corrective concerns, `sessionsBySeverity`
 * otherwise). A protocol without the corrective table counts a mild corrective concern as moderate.
 */
export function countSessions(
  protocol: Protocol,
  concerns: readonly ConcernEntry[],
): { count: number; explanation: ExplanationEntry } {
  const { sessionsBySeverity, correctiveSessionsBySeverity } = protocol.series;
  let best: { count: number; path: string; why: string } | undefined;
  for (const concern of concerns) {
    const corrective = protocol.concerns[concern.code].goal === "corrective";
    let entry: { count: number; path: string; why: string };
    if (corrective && correctiveSessionsBySeverity !== undefined) {
      entry = {
        count: correctiveSessionsBySeverity[concern.severity],
        path: `series.correctiveSessionsBySeverity.${concern.severity}`,
        why: `${concern.code} is ${concern.severity} and corrective`,
      };
    } else {
      const severity = corrective && concern.severity === "mild" ? "moderate" : concern.severity;
      entry = {
        count: sessionsBySeverity[severity],
        path: `series.sessionsBySeverity.${severity}`,
        why:
          severity === concern.severity
            ? `most demanding concern ${concern.code} is ${severity}`
            : `${concern.code} is ${concern.severity} but corrective, counted as ${severity}`,
      };
    }
    if (best === undefined || entry.count > best.count) best = entry;
  }
  const decided = best ?? {
    count: sessionsBySeverity.moderate,
    path: "series.sessionsBySeverity.moderate",
    why: "no concern",
  };
  return {
    count: decided.count,
    explanation: {
      rule: "series.count",
      path: decided.path,
      detail: `${decided.why}: ${decided.count} session${decided.count === 1 ? "" : "s"}`,
    },
  };
}

/**
 * Session 1 on `firstOn`; each next one targeted `targetMinDays` after the previous target,
 * and not before `minGapDays` after it (from `minSessionGap`, so an accepted interval override
 * counts here as it does when booking).
 */
export function placeSessions(
  protocol: Protocol,
  firstOn: string,
  count: number,
  minGapDays: number,
): PlannedSession[] {
  const { targetMinDays, targetMaxDays } = protocol.interval;
  const sessions: PlannedSession[] = [{ number: 1, earliestOn: firstOn, targetOn: firstOn, latestOn: null }];
  for (let n = 2; n <= count; n++) {
    const previous = sessions[sessions.length - 1]?.targetOn ?? firstOn;
    sessions.push({
      number: n,
      earliestOn: addDays(previous, minGapDays),
      targetOn: addDays(previous, targetMinDays),
      latestOn: addDays(previous, targetMaxDays),
    });
  }
  return sessions;
}

export function planMaintenance(
  protocol: Protocol,
  concerns: readonly ConcernEntry[],
  lastSessionOn: string | null,
): { maintenance: Maintenance; explanation: ExplanationEntry } {
  const ongoing = concerns.filter((c) => protocol.concerns[c.code].goal === "ongoing").map((c) => c.code);
  const { everyMonths } = protocol.maintenance;
  const required = ongoing.length > 0;
  return {
    maintenance: {
      everyMonths,
      firstOn: lastSessionOn === null ? null : addMonths(lastSessionOn, everyMonths),
      required,
    },
    explanation: {
      rule: "maintenance",
      path: "maintenance.everyMonths",
      detail: required
        ? `ongoing concern${ongoing.length === 1 ? "" : "s"} ${ongoing.join(", ")}: maintenance every ${everyMonths} months keeps the result`
        : `all concerns are corrective: maintenance every ${everyMonths} months is optional`,
    },
  };
}
