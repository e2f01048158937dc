import type { Intake, Override } from "./intake.js";
import type { Protocol } from "./protocol.schema.js";

/**
 * What in an intake a provider's override rests on, and which of the protocol's hard blocks and
 * review reasons an intake carries. An override accepts a reason for the facts the provider saw
 * ("isotretinoin, last taken 2026-09-01"); when the intake later tells something else about that
 * code ("still taking it"), the acceptance no longer applies.
 */

/**
 * The intake entries an override of `code` rests on, as a canonical string: the medication's
 * entry (ongoing or its last dose), the procedure's day, or whether the condition is reported.
 * The series interval rests on no intake fact (its string is empty whatever the intake says).
 */
export function overrideFactsOf(intake: Intake, code: string): string {
  const medications = intake.medications
    .filter((m) => m.code === code)
    .map((m) => (m.ongoing ? "ongoing" : `last taken ${m.lastTakenOn}`));
  const procedures = intake.recentProcedures.filter((p) => p.code === code).map((p) => `on ${p.on}`);
  const conditions = intake.conditions.filter((c) => c === code).map(() => "reported");
  return [...medications, ...procedures, ...conditions].sort().join("; ");
}

/** The override as accepted against this intake: it carries the facts it approved. */
export function bindOverride(override: Override, intake: Intake): Override {
  return { ...override, facts: overrideFactsOf(intake, override.code) };
}

/**
 * Does the override still apply to this intake? Only while the facts it approved are unchanged.
 * An override that carries no facts is taken as it stands; the store binds older ones to the
 * intake version they were accepted against before they get here.
 */
export function overrideStillHolds(override: Override, intake: Intake): boolean {
  return override.facts === undefined || override.facts === overrideFactsOf(intake, override.code);
}

/**
 * Every code in the intake that blocks a treatment or needs a provider's review under this
 * protocol (for any add-on), sorted: the conditions it lists and the medications it marks for
 * review. Washouts are not among them: they only wait, and their days are in the intake itself.
 */
export function restrictionCodesOf(protocol: Protocol, intake: Intake): string[] {
  const codes = new Set<string>(intake.conditions.filter((c) => protocol.conditions[c] !== undefined));
  for (const med of intake.medications) {
    if (protocol.medications[med.code].needsReview) codes.add(med.code);
  }
  return [...codes].sort();
}

/**
 * The hard blocks and review reasons `before` had and `after` no longer has. A change that
 * removes one needs a provider's confirmation before a treatment is booked.
 */
export function removedRestrictions(protocol: Protocol, before: Intake | null, after: Intake): string[] {
  if (before === null) return [];
  const remaining = new Set(restrictionCodesOf(protocol, after));
  return restrictionCodesOf(protocol, before).filter((code) => !remaining.has(code));
}
