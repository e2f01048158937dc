import type { ConsentStanding } from "../clinical/consent.js";
import type { DomainError, DomainErrorCode } from "../errors.js";
import { type PatientGating, refusalForSession } from "./patient-gating.js";
import type { Booking } from "./types.js";

/** The longest window the readiness board looks ahead, in clinic days (today included). */
export const MAX_READINESS_DAYS = 31;

/**
 * What can stand between a booked session and its taking place, as the readiness board names it.
 * The protocol's refusals keep their booking codes; `plan_needs_review` is the board's name for
 * `needs_provider_review`; `no_accepted_plan` and the two consent codes are the board's own.
 */
export type ReadinessProblemCode =
  | "intake_missing"
  | "contraindicated"
  | "plan_needs_review"
  | "no_accepted_plan"
  | "washout_not_finished"
  | "too_soon_after_previous_session"
  | "too_close_to_next_session"
  | "needs_attention"
  | "consent_missing"
  | "consent_outdated";

export interface ReadinessProblem {
  code: ReadinessProblemCode;
  detail: string;
  /** For a wait: the first day (clinic zone) the session could take place. */
  until?: string;
  /** The protocol's reason codes behind the problem, when it has them. */
  reasons?: string[];
}

export interface SessionReadinessInput {
  startsAt: string;
  /**
   * The protocol's judgement of the patient for the booking's service, without the booking itself
   * among their other sessions; null for a service that is not a treatment (a consultation needs
   * no intake, plan or washout).
   */
  gating: PatientGating | null;
  hasAcceptedPlan: boolean;
}

/**
 * Every problem the protocol finds with one booked session, most serious first: the standing
 * refusal (no intake, a hard block, a pending review), then the day's own (a washout not over by
 * then, sessions too close together), then a missing accepted plan. Empty when nothing stands in
 * its way.
 */
export function sessionProblems(input: SessionReadinessInput): ReadinessProblem[] {
  const { gating } = input;
  if (gating === null) return [];
  const problems: ReadinessProblem[] = [];
  if (gating.standingRefusal) problems.push(problemOf(gating.standingRefusal));
  // The day's own refusal, judged as if nothing stood: a booking can wait on a review and a washout.
  const onTheDay = refusalForSession({ ...gating, standingRefusal: null }, input.startsAt);
  if (onTheDay) problems.push(problemOf(onTheDay));
  if (!input.hasAcceptedPlan) {
    problems.push({
      code: "no_accepted_plan",
      detail: "The patient has no accepted treatment plan; a staff member must accept one.",
    });
  }
  return problems;
}

/** The board's code for each refusal patient gating makes (it makes no others). */
const BOARD_CODES: Readonly<Partial<Record<DomainErrorCode, ReadinessProblemCode>>> = {
  intake_missing: "intake_missing",
  contraindicated: "contraindicated",
  needs_provider_review: "plan_needs_review",
  washout_not_finished: "washout_not_finished",
  too_soon_after_previous_session: "too_soon_after_previous_session",
  too_close_to_next_session: "too_close_to_next_session",
};

function problemOf(error: DomainError): ReadinessProblem {
  // A refusal gating does not name today would still stop the booking: shown as one to review.
  const code = BOARD_CODES[error.code] ?? "plan_needs_review";
  const reasons = error.details.reasons;
  const until = error.details.until;
  return {
    code,
    detail: error.message,
    ...(typeof until === "string" && { until }),
    ...(Array.isArray(reasons) && { reasons: reasons.map(String) }),
  };
}

/**
 * Most urgent first: bookings with a problem before those without, each group soonest first
 * (ties by booking id, so the order is stable).
 */
export function byUrgency<T extends { startsAt: string; bookingId: string; problems: readonly unknown[] }>(
  a: T,
  b: T,
): number {
  const blocked = Number(b.problems.length > 0) - Number(a.problems.length > 0);
  if (blocked !== 0) return blocked;
  if (a.startsAt !== b.startsAt) return a.startsAt < b.startsAt ? -1 : 1;
  return a.bookingId < b.bookingId ? -1 : a.bookingId > b.bookingId ? 1 : 0;
}

/** A flag a setup change left on the booking it could not keep true, as the board reports it. */
export function attentionProblems(booking: Pick<Booking, "needsAttention">): ReadinessProblem[] {
  const flag = booking.needsAttention;
  if (flag === null) return [];
  return [{ code: "needs_attention", detail: flag.detail, reasons: [flag.reason] }];
}

/**
 * A consent form the session needs and the patient has not signed, or signed only in an older
 * version. Booking is not refused for it (a patient often signs on arrival); completing the session is.
 */
export function consentProblems(standing: readonly ConsentStanding[]): ReadinessProblem[] {
  return standing.flatMap((s): ReadinessProblem[] => {
    if (s.status === "signed") return [];
    if (s.status === "missing")
      return [
        {
          code: "consent_missing",
          detail: `The patient has not signed the ${s.kind} consent.`,
          reasons: [s.kind],
        },
      ];
    return [
      {
        code: "consent_outdated",
        detail: `The ${s.kind} consent changed (version ${s.currentVersion}); the patient signed version ${s.signedVersion} and must sign again.`,
        reasons: [s.kind],
      },
    ];
  });
}
