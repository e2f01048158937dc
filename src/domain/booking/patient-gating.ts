import { DomainError } from "../errors.js";
import { type AddOn, TOO_CLOSE_TO_NEXT_SESSION, TOO_SOON_AFTER_PREVIOUS_SESSION } from "../protocol/codes.js";
import { assessEligibility, type EligibilityReason } from "../protocol/eligibility.js";
import type { Intake, Override } from "../protocol/intake.js";
import { overrideStillHolds } from "../protocol/intake-facts.js";
import { minSessionGap } from "../protocol/interval.js";
import type { Protocol } from "../protocol/protocol.schema.js";
import { addDays, dayOfInstant, daysBetween, laterDay, startOfDay } from "../time/calendar.js";

/**
 * What the protocol says about one patient's treatment sessions, in the clinic's calendar:
 * which days a session may not fall on, and why a given day is refused.
 */
export interface PatientGatingInput {
  protocol: Protocol;
  /** The current intake; a treatment cannot be judged without one. */
  intake: Intake | null;
  /**
   * Overrides a provider accepted on the patient's plan. One whose intake facts have changed
   * since (`overrideStillHolds`) lapses: its reason counts again, and the plan needs review.
   */
  overrides: readonly Override[];
  /**
   * Hard blocks and review reasons the current intake removed that no provider has confirmed
   * yet; while any remain, no treatment can be booked.
   */
  unconfirmedRemovals?: readonly string[] | undefined;
  /** The add-on the service carries: its own contraindications and washouts apply. */
  addOn: AddOn | null;
  /** The clinic's zone: washout days and intervals are counted on its calendar. */
  timeZone: string;
  /** Today in the clinic's zone. */
  today: string;
  /** The patient's other live treatment sessions (the one being moved is left out by the caller). */
  otherSessions: readonly { startsAt: string }[];
}

/**
 * The protocol's judgement of one patient, made once per request: eligibility is assessed a
 * single time (for today; blocks and reviews do not depend on the day, and a wait that still
 * holds on a later day already holds today), and every question below is answered from it.
 */
export interface PatientGating {
  timeZone: string;
  today: string;
  /** Why no session can be booked at all (no intake, a hard block, a pending review), or null. */
  standingRefusal: DomainError | null;
  /** The first day every unaccepted wait allows; null when a hard block stands. */
  earliestOn: string | null;
  /** Washouts not accepted by a provider that still hold today, each with its first allowed day. */
  waits: readonly EligibilityReason[];
  /** Whole clinic days sessions must lie apart (`minSessionGap`). */
  gapDays: number;
  otherSessions: readonly { startsAt: string }[];
}

export interface ForbiddenInterval {
  startsAt: string;
  endsAt: string;
}

export type PatientWindow =
  | { blocked: true; error: DomainError }
  | { blocked: false; forbidden: ForbiddenInterval[] };

/** Assesses the patient's eligibility once; everything else here reads the result. */
export function judgePatient(input: PatientGatingInput): PatientGating {
  const common = {
    timeZone: input.timeZone,
    today: input.today,
    gapDays: minSessionGap(input.protocol, input.overrides).days,
    otherSessions: input.otherSessions,
  };
  if (input.intake === null) {
    const error = new DomainError(
      "intake_missing",
      "The patient has no intake on file; complete it before a treatment is booked.",
    );
    return { ...common, standingRefusal: error, earliestOn: null, waits: [] };
  }
  const intake = input.intake;
  const holding = input.overrides.filter((o) => overrideStillHolds(o, intake));
  const lapsed = new Set(input.overrides.filter((o) => !overrideStillHolds(o, intake)).map((o) => o.code));
  const { eligibility, earliestOn } = assessEligibility({
    protocol: input.protocol,
    intake,
    asOf: input.today,
    on: input.today,
    addOns: input.addOn ? [input.addOn] : [],
    overrides: holding,
  });
  const live = eligibility.reasons.filter((r) => r.override === null);
  return {
    ...common,
    standingRefusal: standingRefusalOf(live, {
      lapsed: live.filter((r) => lapsed.has(r.code)),
      unconfirmedRemovals: input.unconfirmedRemovals ?? [],
    }),
    earliestOn,
    waits: live.filter((r) => r.effect === "wait"),
  };
}

/**
 * Why no session can be booked at all, most serious first: a hard block; an intake change
 * that removed a block or a review reason and awaits a provider's confirmation; an override
 * whose intake facts changed (its reason counts again); a reason awaiting review.
 */
function standingRefusalOf(
  live: readonly EligibilityReason[],
  pending: { lapsed: readonly EligibilityReason[]; unconfirmedRemovals: readonly string[] },
): DomainError | null {
  const block = live.find((r) => r.effect === "block");
  if (block) return new DomainError("contraindicated", block.detail, { reason: block.code });
  const removed = pending.unconfirmedRemovals;
  if (removed.length > 0) {
    return new DomainError(
      "needs_provider_review",
      `The intake no longer lists ${removed.join(", ")}; a provider must confirm that change before a treatment is booked.`,
      { reasons: ["intake_change_unconfirmed"], removed: [...removed] },
    );
  }
  if (pending.lapsed.length > 0) {
    const codes = [...new Set(pending.lapsed.map((r) => r.code))];
    return new DomainError(
      "needs_provider_review",
      `The intake changed what a provider accepted for ${codes.join(", ")}; the plan needs a provider's review again.`,
      { reasons: codes, lapsedOverrides: codes },
    );
  }
  const review = live.filter((r) => r.effect === "review");
  if (review.length > 0) {
    return new DomainError("needs_provider_review", review.map((r) => r.detail).join("; "), {
      reasons: review.map((r) => r.code),
    });
  }
  return null;
}

/** The intervals (UTC) a session of this patient must not overlap; or why none can be booked at all. */
export function patientWindow(gating: PatientGating): PatientWindow {
  if (gating.standingRefusal) return { blocked: true, error: gating.standingRefusal };
  const forbidden: ForbiddenInterval[] = [];
  const { earliestOn, timeZone, gapDays: gap } = gating;
  if (earliestOn !== null && earliestOn > gating.today) {
    forbidden.push({ startsAt: "0001-01-01T00:00:00Z", endsAt: startOfDay(earliestOn, timeZone) });
  }
  for (const session of gating.otherSessions) {
    const day = dayOfInstant(session.startsAt, timeZone);
    // Days strictly closer than `gap` to another session are refused, on both sides of it.
    forbidden.push({
      startsAt: startOfDay(addDays(day, -gap + 1), timeZone),
      endsAt: startOfDay(addDays(day, gap), timeZone),
    });
  }
  return { blocked: false, forbidden };
}

/**
 * May a treatment session start at `startsAt` for this patient? Null when the protocol allows
 * it, else the refusal. Every booking path (one booking, a series, a move, a waitlist offer)
 * asks this, and slot search offers only what `patientWindow` leaves open: the same answers.
 */
export function refusalForSession(gating: PatientGating, startsAt: string): DomainError | null {
  if (gating.standingRefusal) return gating.standingRefusal;
  const { timeZone, gapDays: gap } = gating;
  const on = dayOfInstant(startsAt, timeZone);
  const waits = gating.waits.filter((r) => r.until !== null && on < r.until);
  if (waits.length > 0) {
    const until = waits.map((r) => r.until ?? on).reduce(laterDay);
    return new DomainError("washout_not_finished", waits.map((r) => r.detail).join("; "), {
      until,
      reasons: waits.map((r) => r.code),
    });
  }
  for (const session of gating.otherSessions) {
    const other = dayOfInstant(session.startsAt, timeZone);
    const apart = daysBetween(other, on);
    if (Math.abs(apart) >= gap) continue;
    if (apart >= 0) {
      return new DomainError(
        TOO_SOON_AFTER_PREVIOUS_SESSION,
        `The previous session is on ${other}; sessions must be at least ${gap} days apart.`,
        { until: addDays(other, gap), previousOn: other },
      );
    }
    return new DomainError(
      TOO_CLOSE_TO_NEXT_SESSION,
      `The next session is on ${other}; sessions must be at least ${gap} days apart.`,
      { nextOn: other, latestOn: addDays(other, -gap) },
    );
  }
  return null;
}
