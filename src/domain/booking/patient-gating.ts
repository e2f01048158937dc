import { DomainError } from "../errors.js";
import type { AddOn } from "../protocol/codes.js";
import { assessEligibility } from "../protocol/eligibility.js";
import type { Intake, Override } from "../protocol/intake.js";
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
  /** Overrides a provider accepted on the patient's plan. */
  overrides: readonly Override[];
  /** The add-on the service carries: its own contraindications and washouts apply. */
  addOn: AddOn | null;
  /** The clinic's zone: washout days and intervals are counted on its calendar. */
  timeZone: string;
  /** Today in the clinic's zone. */
  today: string;
  /** The patient's other live treatment sessions (the one being moved is left out by the caller). */
  otherSessions: readonly { startsAt: string }[];
}

export interface ForbiddenInterval {
  startsAt: string;
  endsAt: string;
}

export type PatientWindow =
  | { blocked: true; error: DomainError }
  | { blocked: false; forbidden: ForbiddenInterval[] };

function minIntervalDays(input: PatientGatingInput): number {
  const accepted = input.overrides.some((o) => o.code === "too_soon_after_previous_session");
  return accepted ? input.protocol.interval.overrideMinDays : input.protocol.interval.minDays;
}

function assess(input: PatientGatingInput, intake: Intake, on: string) {
  return assessEligibility({
    protocol: input.protocol,
    intake,
    asOf: input.today,
    on,
    addOns: input.addOn ? [input.addOn] : [],
    overrides: input.overrides,
  });
}

function standingRefusal(input: PatientGatingInput, on: string): DomainError | null {
  if (input.intake === null) {
    return new DomainError("needs_provider_review", "the patient has no intake on file; complete it first");
  }
  const { eligibility } = assess(input, input.intake, on);
  const live = eligibility.reasons.filter((r) => r.override === null);
  const block = live.find((r) => r.effect === "block");
  if (block) return new DomainError("contraindicated", block.detail, { reason: block.code });
  const review = live.filter((r) => r.effect === "review");
  if (review.length > 0) {
    return new DomainError("needs_provider_review", review.map((r) => r.detail).join("; "), {
      reasons: review.map((r) => r.code),
    });
  }
  return null;
}

/** The intervals (UTC) a session of this patient must not overlap; or why none can be booked at all. */
export function patientWindow(input: PatientGatingInput): PatientWindow {
  const refusal = standingRefusal(input, input.today);
  if (refusal) return { blocked: true, error: refusal };
  const { earliestOn } = assess(input, input.intake as Intake, input.today);
  const forbidden: ForbiddenInterval[] = [];
  if (earliestOn !== null && earliestOn > input.today) {
    forbidden.push({
      startsAt: "0001-01-01T00:00:00Z",
      endsAt: startOfDay(earliestOn, input.timeZone).toString(),
    });
  }
  const gap = minIntervalDays(input);
  for (const session of input.otherSessions) {
    const day = dayOfInstant(session.startsAt, input.timeZone);
    // Days strictly closer than `gap` to another session are refused, on both sides of it.
    forbidden.push({
      startsAt: startOfDay(addDays(day, -gap + 1), input.timeZone).toString(),
      endsAt: startOfDay(addDays(day, gap), input.timeZone).toString(),
    });
  }
  return { blocked: false, forbidden };
}

/** Why a session starting at `startsAt` is refused for this patient, or null when the protocol allows it. */
export function refusalForSession(input: PatientGatingInput, startsAt: string): DomainError | null {
  const on = dayOfInstant(startsAt, input.timeZone);
  const refusal = standingRefusal(input, on);
  if (refusal) return refusal;
  const { eligibility } = assess(input, input.intake as Intake, on);
  const waits = eligibility.reasons.filter((r) => r.override === null && r.effect === "wait");
  if (waits.length > 0) {
    const until = waits.map((r) => r.until ?? on).reduce(laterDay);
    return new DomainError("washout_not_finished", waits.map((r) => r.detail).join("; "), {
      until,
      reasons: waits.map((r) => r.code),
    });
  }
  const gap = minIntervalDays(input);
  for (const session of input.otherSessions) {
    const other = dayOfInstant(session.startsAt, input.timeZone);
    const apart = daysBetween(other, on);
    if (Math.abs(apart) >= gap) continue;
    if (apart >= 0) {
      return new DomainError(
        "too_soon_after_previous_session",
        `the previous session is on ${other}; sessions must be at least ${gap} days apart`,
        { until: addDays(other, gap), previousOn: other },
      );
    }
    return new DomainError(
      "too_close_to_next_session",
      `the next session is on ${other}; sessions must be at least ${gap} days apart`,
      { nextOn: other, latestOn: addDays(other, -gap) },
    );
  }
  return null;
}
