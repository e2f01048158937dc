import type { Temporal } from "temporal-polyfill";
import { DomainError, type FieldProblem } from "../errors.js";
import { addDays, addMonths, dayOfInstant, laterDay } from "../time/calendar.js";
import { describeProblems, parseOrThrow } from "../validation/field-problems.js";
import { type AddOnRecommendation, recommendAddOns } from "./add-ons.js";
import {
  type AftercareItem,
  buildAftercare,
  buildExpectations,
  buildRedFlags,
  type Expectation,
  type RedFlag,
} from "./aftercare.js";
import type { AddOn, ConditionCode } from "./codes.js";
import { TOO_SOON_AFTER_PREVIOUS_SESSION } from "./codes.js";
import { assessEligibility, type Eligibility, overrideRefusal } from "./eligibility.js";
import type { ExplanationEntry } from "./explanation.js";
import { futureDayProblems, type Override } from "./intake.js";
import { minSessionGap } from "./interval.js";
import { intakeOf, type PlanInput, planInputSchema } from "./plan-input.schema.js";
import { buildPrep, type PrepStep } from "./prep.js";
import type { Protocol } from "./protocol.schema.js";
import {
  type CatalogProduct,
  intakeWithRoutine,
  type RoutineEntry,
  resolveRoutine,
  scheduleRoutine,
} from "./routine.js";
import {
  countSessions,
  type Maintenance,
  type PlannedSession,
  placeSessions,
  planMaintenance,
} from "./series.js";
import { assessSkinType, type SkinTypeAdvice, withReasons } from "./skin-type.js";

export interface Plan {
  protocolVersion: string;
  asOf: string;
  timeZone: string;
  desiredStartOn: string;
  /** The add-ons planned: those asked for, less the refused ones. */
  addOnsChosen: AddOn[];
  addOnsRefused: AddOnRefusal[];
  eligibility: Eligibility;
  earliestStartOn: string | null;
  /** `series`: the (rest of the) initial series; `maintenance`: the series is done, one visit. */
  kind: "series" | "maintenance";
  /** Sessions of the series the patient has already had. */
  completedSessions: number;
  /** Sessions in the whole initial series; session numbers run up to it. */
  seriesLength: number;
  sessions: PlannedSession[];
  /** For a single-session series: when the result is reassessed (another session or not). */
  reassessOn: string | null;
  maintenance: Maintenance;
  addOns: AddOnRecommendation[];
  prep: PrepStep[];
  aftercare: AftercareItem[];
  expectations: Expectation[];
  /** Signs after a session for which the patient calls the clinic. */
  redFlags: RedFlag[];
  overrides: (Override & { applied: boolean })[];
  explanation: ExplanationEntry[];
  /** The Fitzpatrick type's advice; null when the input gave no skin type. */
  skinType: SkinTypeAdvice | null;
  /** Each routine product with its dated pauses around every planned session. */
  routine: RoutineEntry[];
}

export interface AddOnRefusal {
  code: AddOn;
  /** The conditions that rule the add-on out. */
  conditions: ConditionCode[];
  reason: string;
}

export interface PlanContext {
  protocol: Protocol;
  /** "Now"; `asOf` defaults to its calendar day in the input's time zone. */
  now: Temporal.Instant;
  /** The clinic's product catalog, for routine items that name a product by id. */
  products?: readonly CatalogProduct[];
}

/**
 * Dates in the input that cannot lie after "today", and overrides this protocol refuses (what it
 * says blocks can never be accepted).
 */
function checkAgainstContext(
  input: PlanInput,
  protocol: Protocol,
  asOf: string,
  desiredStartOn: string,
): void {
  const fields: FieldProblem[] = [];
  input.overrides.forEach((o, i) => {
    const refusal = overrideRefusal(protocol, o.code);
    if (refusal !== null) fields.push({ path: `overrides[${i}].code`, message: refusal });
  });
  if (desiredStartOn < asOf)
    fields.push({ path: "desiredStartOn", message: `must not be before asOf (${asOf})` });
  fields.push(...futureDayProblems(input, asOf, "asOf"));
  if (input.previousSessionOn !== undefined && input.previousSessionOn > asOf)
    fields.push({ path: "previousSessionOn", message: `is after asOf (${asOf})` });
  if (fields.length > 0) {
    throw new DomainError("invalid_input", `The plan input is not valid: ${describeProblems(fields)}.`, {
      fields,
    });
  }
}

/** Validates raw input (JSON) and builds the plan. Throws `invalid_input` naming each bad field. */
export function buildPlanFromJson(raw: unknown, context: PlanContext): Plan {
  return buildPlan(parseOrThrow(planInputSchema, raw, "plan input"), context);
}

export function buildPlan(input: PlanInput, { protocol, now, products = [] }: PlanContext): Plan {
  const asOf = input.asOf ?? dayOfInstant(now, input.timeZone);
  const desiredStartOn = input.desiredStartOn ?? asOf;
  checkAgainstContext(input, protocol, asOf, desiredStartOn);

  // A routine product that is also a medication (a tretinoin cream) joins the intake as that medication.
  const routineProducts = resolveRoutine(protocol, input.routine ?? [], products);
  const intake = intakeWithRoutine(protocol, intakeOf(input), routineProducts);
  const { overrides } = input;
  const explanation: ExplanationEntry[] = [];

  // An add-on a condition rules out is dropped, and plain microneedling planned instead.
  const addOnsRefused: AddOnRefusal[] = [];
  for (const addOn of input.addOns) {
    const blockers = intake.conditions.filter((code) => {
      const rule = protocol.conditions[code];
      return rule.severity === "hard_block" && rule.appliesTo === addOn;
    });
    if (blockers.length === 0) continue;
    const labels = blockers.map((code) => protocol.conditions[code].label).join(", ");
    addOnsRefused.push({
      code: addOn,
      conditions: blockers,
      reason: `${protocol.addOns[addOn].label} is not possible with: ${labels}. Plain microneedling is planned instead.`,
    });
    explanation.push({
      rule: "addOns.refused",
      path: `conditions.${blockers[0]}.appliesTo`,
      detail: `${addOn} dropped: ${blockers.join(", ")}`,
    });
  }
  const addOns = input.addOns.filter((a) => !addOnsRefused.some((r) => r.code === a));

  const assessed = assessEligibility({
    protocol,
    intake,
    asOf,
    on: desiredStartOn,
    addOns,
    overrides,
    previousSessionOn: input.previousSessionOn,
  });
  explanation.push(...assessed.explanation);
  const skin = assessSkinType({
    protocol,
    skinType: input.skinType,
    addOns,
    needleDepthMm: input.needleDepthMm,
    overrides,
  });
  explanation.push(...skin.explanation);
  const eligibility = withReasons(assessed.eligibility, skin.reasons);

  for (const concern of intake.concerns) {
    const rule = protocol.concerns[concern.code];
    explanation.push({
      rule: "concern.goal",
      path: `concerns.${concern.code}.goal`,
      detail: `${concern.code} (${concern.severity}) is ${rule.goal}`,
    });
  }
  const count = countSessions(protocol, intake.concerns);
  explanation.push(count.explanation);

  const completed = input.completedSessions ?? 0;
  const seriesDone = completed > 0 && completed >= count.count;
  let firstOn = assessed.earliestOn === null ? null : laterDay(desiredStartOn, assessed.earliestOn);
  if (seriesDone && firstOn !== null && input.previousSessionOn !== undefined) {
    // The series is done: one maintenance visit, not before it is due.
    const dueOn = addMonths(input.previousSessionOn, protocol.maintenance.everyMonths);
    firstOn = laterDay(firstOn, dueOn);
    explanation.push({
      rule: "series.maintenance_visit",
      path: "maintenance.everyMonths",
      detail: `${completed} of ${count.count} sessions done: one maintenance visit, due ${dueOn}`,
    });
  } else if (completed > 0) {
    explanation.push({
      rule: "series.continue",
      path: `series`,
      detail: `${completed} of ${count.count} sessions done: sessions ${completed + 1} to ${count.count} planned`,
    });
  }
  const gap = minSessionGap(protocol, overrides);
  const toPlace = seriesDone ? 1 : count.count - completed;
  const numberFrom = seriesDone ? 0 : completed;
  const sessions =
    firstOn === null
      ? []
      : placeSessions(protocol, firstOn, toPlace, gap.days).map((s) => ({
          ...s,
          number: s.number + numberFrom,
        }));
  // The next session of a series under way keeps its window after the previous one, while it still can.
  const next = sessions[0];
  if (!seriesDone && completed > 0 && next !== undefined && input.previousSessionOn !== undefined) {
    const latestOn = addDays(input.previousSessionOn, protocol.interval.targetMaxDays);
    if (latestOn >= next.targetOn) next.latestOn = latestOn;
  }
  if (firstOn !== null && sessions.length > 1) {
    const { targetMinDays, targetMaxDays } = protocol.interval;
    explanation.push({
      rule: "series.interval",
      path: "interval",
      detail: `sessions at least ${gap.days} days apart${gap.overridden ? " (provider override)" : ""}, target ${targetMinDays}–${targetMaxDays} days`,
    });
  }
  if (firstOn === null) {
    explanation.push({
      rule: "series.blocked",
      path: "conditions",
      detail: "a hard contraindication stands: no session can be planned",
    });
  }

  const reassessDays = protocol.series.singleSessionReassessDays;
  const single = !seriesDone && count.count === 1 ? sessions[0] : undefined;
  const reassessOn =
    single !== undefined && reassessDays !== undefined ? addDays(single.targetOn, reassessDays) : null;
  if (reassessOn !== null) {
    explanation.push({
      rule: "series.reassess",
      path: "series.singleSessionReassessDays",
      detail: `one session: the result is reassessed ${reassessDays} days later, on ${reassessOn}`,
    });
  }

  const maintenance = planMaintenance(protocol, intake.concerns, sessions.at(-1)?.targetOn ?? null);
  explanation.push(maintenance.explanation);

  const addOnAdvice = recommendAddOns(protocol, intake);
  explanation.push(...addOnAdvice.explanation);

  let prep: PrepStep[] = [];
  if (firstOn !== null) {
    const built = buildPrep({
      protocol,
      intake,
      asOf,
      sessionDays: sessions.map((s) => s.targetOn),
      firstSessionNumber: sessions[0]?.number ?? 1,
      addOns,
      overrides,
      reasons: assessed.eligibility.reasons,
    });
    prep = built.steps;
    explanation.push(...built.explanation);
  }

  // Without a session there is nothing to care for after one.
  const none = sessions.length === 0;
  const aftercare = none ? [] : buildAftercare(protocol, addOns);
  const expectations = none ? [] : buildExpectations(protocol, addOns);
  const redFlags = none ? [] : buildRedFlags(protocol, addOns);
  explanation.push({
    rule: "redFlags",
    path: "redFlags.signs",
    detail: `${redFlags.length} signs after a session for which the patient calls the clinic`,
  });
  explanation.push({
    rule: "aftercare",
    path: addOns.includes("rf") ? "aftercare[].rfToHours" : "aftercare",
    detail: `${aftercare.length} aftercare items from the end of each session${addOns.includes("rf") ? " (RF values)" : ""}`,
  });

  aftercare.push(...skin.aftercare);
  const routine = scheduleRoutine(
    protocol,
    routineProducts,
    sessions.map((s) => ({ number: s.number, on: s.targetOn })),
    { asOf, addOns },
  );
  explanation.push(...routine.explanation);

  const usedCodes = new Set(eligibility.reasons.filter((r) => r.override).map((r) => r.code));
  const intervalAccepted = gap.overridden && assessed.explanation.some((e) => e.path === gap.path);
  return {
    protocolVersion: protocol.version,
    asOf,
    timeZone: input.timeZone,
    desiredStartOn,
    addOnsChosen: addOns,
    addOnsRefused,
    eligibility,
    earliestStartOn: assessed.earliestOn,
    kind: seriesDone ? "maintenance" : "series",
    completedSessions: completed,
    seriesLength: count.count,
    sessions,
    reassessOn,
    maintenance: maintenance.maintenance,
    addOns: addOnAdvice.recommendations,
    prep,
    aftercare,
    expectations,
    redFlags,
    overrides: overrides.map((o) => ({
      ...o,
      applied: usedCodes.has(o.code) || (o.code === TOO_SOON_AFTER_PREVIOUS_SESSION && intervalAccepted),
    })),
    explanation,
    skinType: skin.advice,
    routine: routine.entries,
  };
}
