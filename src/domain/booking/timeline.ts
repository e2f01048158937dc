import { Temporal } from "temporal-polyfill";
import { buildAftercare, buildExpectations } from "../protocol/aftercare.js";
import type { AddOn } from "../protocol/codes.js";
import { assessEligibility } from "../protocol/eligibility.js";
import type { Intake, Override } from "../protocol/intake.js";
import { overrideStillHolds } from "../protocol/intake-facts.js";
import { buildPrep } from "../protocol/prep.js";
import type { Protocol } from "../protocol/protocol.schema.js";
import {
  intakeWithRoutine,
  type RoutineProduct,
  routineRulesOf,
  scheduleRoutine,
} from "../protocol/routine.js";
import { planMaintenance } from "../protocol/series.js";
import { addDays, dayOfInstant } from "../time/calendar.js";
import { addMinutes, instantMilliseconds } from "../time/instants.js";
import { wallClockAt } from "../time/wall-clock.js";

export interface TimelineSession {
  bookingId: string;
  serviceCode: string;
  addOn: AddOn | null;
  isTreatment: boolean;
  startsAt: string;
  endsAt: string;
  status: "booked" | "completed" | "cancelled" | "no_show";
  seriesNumber: number | null;
}

/**
 * One dated thing in a patient's course. Days (`on`, `until`) are in the patient's zone;
 * instants carry a `local` rendering in that zone so a page or a reminder shows their own time.
 */
export type TimelineEntry =
  | { kind: "prep"; session: number; code: string; on: string; text: string; forBookingId: string }
  | {
      kind: "session";
      bookingId: string;
      serviceCode: string;
      seriesNumber: number | null;
      status: TimelineSession["status"];
      startsAt: string;
      endsAt: string;
      localStart: string;
    }
  | {
      kind: "aftercare";
      code: string;
      text: string;
      fromAt: string;
      toAt: string | null;
      localFrom: string;
      localTo: string | null;
      forBookingId: string;
    }
  | { kind: "expectation"; code: string; text: string; on: string; until: string; forBookingId: string }
  | { kind: "maintenance"; on: string; everyMonths: number; required: boolean }
  | RoutineTimelineEntry;

/**
 * The patient's skincare routine: one `routine` entry per product (used from `on`, every day it is
 * not paused), and one `routine_pause` per stretch without it: stop on `on`, use again from
 * `until`, around the booked sessions `forBookingIds`. Pauses follow the actual bookings.
 */
export type RoutineTimelineEntry =
  | {
      kind: "routine";
      on: string;
      productKind: RoutineProduct["kind"];
      productId: string | null;
      name: string;
      times: RoutineProduct["times"];
      advice: string;
      pausedAroundSessions: boolean;
    }
  | {
      kind: "routine_pause";
      on: string;
      until: string;
      productKind: RoutineProduct["kind"];
      productId: string | null;
      name: string;
      text: string;
      forBookingIds: string[];
    };

export interface TimelineInput {
  protocol: Protocol;
  intake: Intake | null;
  overrides: readonly Override[];
  /** The clinic's zone: washouts and prep days are counted on its calendar. */
  clinicTimeZone: string;
  /** The patient's zone: every date and time is shown in it. */
  patientTimeZone: string;
  now: string;
  sessions: readonly TimelineSession[];
  /** The routine a provider assigned; its pauses are dated around the future booked treatments. */
  routine?: readonly RoutineProduct[];
}

function localDateTime(instant: string, zone: string): string {
  const ms = instantMilliseconds(instant);
  const wall = wallClockAt(ms, zone);
  if (wall) return `${wall.date}T${wall.time}`;
  return Temporal.Instant.fromEpochMilliseconds(ms)
    .toZonedDateTimeISO(zone)
    .toPlainDateTime()
    .toString({ smallestUnit: "minute" });
}

/** Elapsed hours, not wall-clock ones; in Temporal's canonical form, without its cost. */
function plusHours(instant: string, hours: number): string {
  return addMinutes(instant, hours * 60);
}

/** Prep for the next session, the sessions, aftercare and expectations after each, and the recall. */
export function buildTimeline(input: TimelineInput): TimelineEntry[] {
  const zone = input.patientTimeZone;
  const entries: TimelineEntry[] = [];
  const treatments = input.sessions.filter((s) => s.isTreatment && s.status !== "cancelled");
  const upcoming = treatments.filter((s) => s.status === "booked" && s.startsAt > input.now);
  const next = upcoming[0];

  // A routine product that is a medication is that medication (one tretinoin, not two): it joins
  // the intake, and its stop and resume show once, as the routine's dated pauses.
  const routine = input.routine ?? [];
  const withRoutine = input.intake && intakeWithRoutine(input.protocol, input.intake, routine);
  const rules = routineRulesOf(input.protocol);
  const shownAsRoutine = new Set(
    routine.flatMap((p) => {
      const medication = rules[p.kind].medication;
      return medication === undefined ? [] : [`stop_${medication}`, `resume_${medication}`];
    }),
  );
  if (next && withRoutine) {
    const asOf = dayOfInstant(input.now, input.clinicTimeZone);
    const addOns = next.addOn ? [next.addOn] : [];
    const sessionOn = dayOfInstant(next.startsAt, input.clinicTimeZone);
    // An acceptance whose intake facts changed no longer applies: prep shows the full wait again.
    const intake = withRoutine;
    const overrides = input.overrides.filter((o) => overrideStillHolds(o, intake));
    const { eligibility } = assessEligibility({
      protocol: input.protocol,
      intake,
      asOf,
      on: sessionOn,
      addOns,
      overrides,
    });
    // Every booked session is prepared: a paused topical pauses again before each one.
    const prep = buildPrep({
      protocol: input.protocol,
      intake,
      asOf,
      sessionDays: upcoming.map((s) => dayOfInstant(s.startsAt, input.clinicTimeZone)),
      addOns,
      overrides,
      reasons: eligibility.reasons,
    });
    for (const step of prep.steps) {
      if (shownAsRoutine.has(step.code)) continue;
      const forBooking = upcoming[step.session - 1] ?? next;
      entries.push({
        kind: "prep",
        ...step,
        session: forBooking.seriesNumber ?? step.session,
        forBookingId: forBooking.bookingId,
      });
    }
  }

  for (const session of input.sessions) {
    entries.push({
      kind: "session",
      bookingId: session.bookingId,
      serviceCode: session.serviceCode,
      seriesNumber: session.seriesNumber,
      status: session.status,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      localStart: localDateTime(session.startsAt, zone),
    });
    if (!session.isTreatment || session.status === "cancelled" || session.status === "no_show") continue;
    const addOns = session.addOn ? [session.addOn] : [];
    for (const item of buildAftercare(input.protocol, addOns)) {
      const fromAt = plusHours(session.endsAt, item.fromHours);
      const toAt = item.toHours === null ? null : plusHours(session.endsAt, item.toHours);
      entries.push({
        kind: "aftercare",
        code: item.code,
        text: item.text,
        fromAt,
        toAt,
        localFrom: localDateTime(fromAt, zone),
        localTo: toAt === null ? null : localDateTime(toAt, zone),
        forBookingId: session.bookingId,
      });
    }
    const sessionDay = dayOfInstant(session.startsAt, zone);
    for (const item of buildExpectations(input.protocol, addOns)) {
      entries.push({
        kind: "expectation",
        code: item.code,
        text: item.text,
        on: addDays(sessionDay, item.fromDays),
        until: addDays(sessionDay, item.toDays),
        forBookingId: session.bookingId,
      });
    }
  }

  entries.push(...routineEntries(input));

  const last = treatments.at(-1);
  if (last) {
    // The plan's own maintenance rule: required when any concern is ongoing.
    const { maintenance } = planMaintenance(
      input.protocol,
      input.intake?.concerns ?? [],
      dayOfInstant(last.startsAt, zone),
    );
    entries.push({
      kind: "maintenance",
      on: maintenance.firstOn ?? dayOfInstant(last.startsAt, zone),
      everyMonths: maintenance.everyMonths,
      required: maintenance.required,
    });
  }
  return entries;
}

/** The routine, with pauses around every future booked treatment (days in the clinic's zone). */
function routineEntries(input: TimelineInput): RoutineTimelineEntry[] {
  const routine = input.routine ?? [];
  if (routine.length === 0) return [];
  const asOf = dayOfInstant(input.now, input.clinicTimeZone);
  const upcoming = input.sessions.filter(
    (s) => s.isTreatment && s.status === "booked" && s.startsAt > input.now,
  );
  const sessions = upcoming.map((s, i) => ({
    number: i + 1,
    on: dayOfInstant(s.startsAt, input.clinicTimeZone),
  }));
  const addOns = [...new Set(upcoming.flatMap((s) => (s.addOn ? [s.addOn] : [])))];
  const { entries } = scheduleRoutine(input.protocol, routine, sessions, { asOf, addOns });
  const out: RoutineTimelineEntry[] = [];
  for (const entry of entries) {
    const product = { productKind: entry.kind, productId: entry.productId, name: entry.name };
    out.push({
      kind: "routine",
      on: asOf,
      ...product,
      times: entry.times,
      advice: entry.advice,
      pausedAroundSessions: entry.pausedAroundSessions,
    });
    for (const pause of entry.pauses) {
      out.push({
        kind: "routine_pause",
        on: pause.stopOn,
        until: pause.resumeOn,
        ...product,
        text: `${entry.name}: stop on ${pause.stopOn}; use it again from ${pause.resumeOn}.`,
        forBookingIds: pause.sessions.map((n) => upcoming[n - 1]?.bookingId ?? ""),
      });
    }
  }
  return out;
}
