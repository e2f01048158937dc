import { DomainError, type FieldProblem } from "../errors.js";
import { addDays, laterDay } from "../time/calendar.js";
import { describeProblems } from "../validation/field-problems.js";
import type { AddOn, MedicationCode, ProductKind, RoutineTime } from "./codes.js";
import { washoutOf } from "./eligibility.js";
import type { ExplanationEntry } from "./explanation.js";
import type { Intake, MedicationEntry } from "./intake.js";
import type { RoutineItemInput } from "./plan-input.schema.js";
import type { Protocol } from "./protocol.schema.js";
import { defaultProtocol } from "./protocol-loader.js";

/** A product of a clinic's catalog, as the engine needs it. */
export interface CatalogProduct {
  id: string;
  name: string;
  kind: ProductKind;
}

/** A routine item with its kind known (from the input or the catalog). */
export interface RoutineProduct {
  kind: ProductKind;
  productId: string | null;
  /** The catalog name, or the kind's label when the item names only a kind. */
  name: string;
  times: RoutineTime[];
}

/**
 * One stretch without the product: stopped on `stopOn`, used again from `resumeOn` (exclusive
 * end). Sessions close enough together share one pause, so `sessions` may list several.
 */
export interface RoutinePause {
  sessions: number[];
  stopOn: string;
  resumeOn: string;
  /** The full pause would start before today: it starts today, shorter than the protocol asks. */
  shortened: boolean;
}

export interface RoutineEntry extends RoutineProduct {
  label: string;
  advice: string;
  /**
   * The intake medication this product is (a tretinoin cream is `topical_retinoid`): its washout
   * sets the pause, and eligibility and prep count it once, as that medication.
   */
  medication: MedicationCode | null;
  /** False for products used throughout (hydrating products, sunscreen). */
  pausedAroundSessions: boolean;
  pauses: RoutinePause[];
}

/** A session the routine is scheduled around: its number in the plan (or booking order) and day. */
export interface RoutineSession {
  number: number;
  on: string;
}

type RoutineRules = NonNullable<Protocol["routine"]>;

/** A version saved before the section existed uses the default protocol's rules. */
export function routineRulesOf(protocol: Protocol): RoutineRules {
  return protocol.routine ?? (defaultProtocol.routine as RoutineRules);
}

/**
 * Gives each item its kind and name: a catalog product brings its own; an item naming both a
 * product and a different kind is refused, as is a product not in the catalog.
 */
export function resolveRoutine(
  protocol: Protocol,
  items: readonly RoutineItemInput[],
  catalog: readonly CatalogProduct[],
  field = "routine",
): RoutineProduct[] {
  const rules = routineRulesOf(protocol);
  const fields: FieldProblem[] = [];
  const out: RoutineProduct[] = [];
  items.forEach((item, i) => {
    if (item.productId !== undefined) {
      const product = catalog.find((p) => p.id === item.productId);
      if (product === undefined) {
        fields.push({
          path: `${field}[${i}].productId`,
          message: "is not a product of the clinic's catalog",
        });
        return;
      }
      if (item.kind !== undefined && item.kind !== product.kind) {
        fields.push({
          path: `${field}[${i}].kind`,
          message: `does not match the product's kind (${product.kind})`,
        });
        return;
      }
      out.push({ kind: product.kind, productId: product.id, name: product.name, times: item.times });
      return;
    }
    const kind = item.kind as ProductKind;
    out.push({ kind, productId: null, name: rules[kind].label, times: item.times });
  });
  if (fields.length > 0) {
    throw new DomainError("invalid_input", `The routine is not valid: ${describeProblems(fields)}.`, {
      fields,
    });
  }
  return out;
}

/**
 * The intake with every routine product that is also a medication counted as that medication,
 * ongoing: the routine is what the patient uses now, so it wins over an intake entry that says
 * the medication was stopped. The routine and the intake thus describe one tretinoin, not two,
 * and its washout, prep and pauses follow one rule.
 */
export function intakeWithRoutine(
  protocol: Protocol,
  intake: Intake,
  routine: readonly RoutineProduct[],
): Intake {
  const rules = routineRulesOf(protocol);
  const inUse = new Set<MedicationCode>();
  for (const product of routine) {
    const medication = rules[product.kind].medication;
    if (medication !== undefined) inUse.add(medication);
  }
  if (inUse.size === 0) return intake;
  const kept = intake.medications.filter((m) => !inUse.has(m.code));
  const ongoing = [...inUse].map((code): MedicationEntry => ({ code, ongoing: true }));
  return { ...intake, medications: [...kept, ...ongoing] };
}

/** Days before a session to stop, and the day after it to resume; null when never paused. */
function pauseOf(
  protocol: Protocol,
  kind: ProductKind,
  addOns: readonly AddOn[],
): { daysBefore: number; resumeOnDay: number } | null {
  const rule = routineRulesOf(protocol)[kind];
  if (rule.pauseDaysBefore === null || rule.resumeOnDay === null) return null;
  let daysBefore = rule.pauseDaysBefore;
  let resumeOnDay = rule.resumeOnDay;
  if (rule.medication !== undefined) {
    // A product that is a skin topical follows that topical's rules, so the plan's prep and the
    // routine never disagree: the washout before (RF may lengthen it) and the day it comes back.
    const washout = washoutOf("medications", rule.medication, protocol.medications[rule.medication], addOns);
    if (washout.days !== null) daysBefore = washout.days;
    const topical = protocol.skinTopicals[rule.medication];
    if (topical !== undefined) resumeOnDay = topical.resumeDays;
  }
  // A pause must cover its session: resuming on the session day would not be a pause.
  return { daysBefore, resumeOnDay: Math.max(1, resumeOnDay) };
}

/**
 * The routine around these sessions: for each paused product, a dated stop before and a dated
 * resume after EVERY session; pauses that touch or overlap merge into one. `asOf` is today: a
 * pause never starts in the past.
 */
export function scheduleRoutine(
  protocol: Protocol,
  routine: readonly RoutineProduct[],
  sessions: readonly RoutineSession[],
  { asOf, addOns }: { asOf: string; addOns: readonly AddOn[] },
): { entries: RoutineEntry[]; explanation: ExplanationEntry[] } {
  const rules = routineRulesOf(protocol);
  const ordered = [...sessions].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const explanation: ExplanationEntry[] = [];
  const entries = routine.map((product): RoutineEntry => {
    const rule = rules[product.kind];
    const pause = pauseOf(protocol, product.kind, addOns);
    const pauses: RoutinePause[] = [];
    if (pause !== null) {
      for (const session of ordered) {
        const wanted = addDays(session.on, -pause.daysBefore);
        const stopOn = laterDay(wanted, asOf);
        const resumeOn = addDays(session.on, pause.resumeOnDay);
        const last = pauses.at(-1);
        if (last !== undefined && stopOn <= last.resumeOn) {
          last.sessions.push(session.number);
          last.resumeOn = laterDay(last.resumeOn, resumeOn);
          continue;
        }
        pauses.push({ sessions: [session.number], stopOn, resumeOn, shortened: stopOn !== wanted });
      }
      explanation.push({
        rule: "routine.pause",
        path: rule.medication
          ? `medications.${rule.medication}.days`
          : `routine.${product.kind}.pauseDaysBefore`,
        detail: `${product.name}: stop ${pause.daysBefore} days before each session, resume on day ${pause.resumeOnDay}${rule.medication ? ` (the ${rule.medication} washout)` : ""}`,
      });
    }
    return {
      ...product,
      label: rule.label,
      advice: rule.advice,
      medication: rule.medication ?? null,
      pausedAroundSessions: pause !== null,
      pauses,
    };
  });
  return { entries, explanation };
}
