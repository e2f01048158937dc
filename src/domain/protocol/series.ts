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

const SEVERITY_RANK = { mild: 0, moderate: 1, severe: 2 } as const;

/**
 * All mild and none corrective: one session. Otherwise the most demanding concern wins,
 * a mild corrective concern counting as moderate (a single session does not remove a scar).
 */
export function countSessions(
  protocol: Protocol,
  concerns: readonly ConcernEntry[],
): { count: number; explanation: ExplanationEntry } {
  let rank = 0;
  let decisive: ConcernEntry | undefined;
  for (const concern of concerns) {
    const corrective = protocol.concerns[concern.code].goal === "corrective";
    const effective = Math.max(SEVERITY_RANK[concern.severity], corrective ? 1 : 0);
    if (decisive === undefined || effective > rank) {
      rank = effective;
      decisive = concern;
    }
  }
  const severity = (["mild", "moderate", "severe"] as const)[rank] ?? "moderate";
  const count = protocol.series.sessionsBySeverity[severity];
  const why =
    decisive && severity !== decisive.severity
      ? `${decisive.code} is ${decisive.severity} but corrective, counted as ${severity}`
      : `most demanding concern ${decisive?.code ?? "none"} is ${severity}`;
  return {
    count,
    explanation: {
      rule: "series.count",
      path: `series.sessionsBySeverity.${severity}`,
      detail: `${why}: ${count} session${count === 1 ? "" : "s"}`,
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
