import type { Plan } from "./plan.js";
import { plural } from "./plural.js";

import { skinAndRoutineLines } from "./routine-text.js";

/** Hours as a patient reads them: "48 h" up to three days, whole days beyond. */
function hoursSpan(h: number): string {
  return h % 24 === 0 && h > 72 ? plural(h / 24, "day") : `${h} h`;
}

function hoursLabel(fromHours: number, toHours: number | null): string {
  if (toHours === null) return fromHours === 0 ? "every day" : `from day ${Math.floor(fromHours / 24)}`;
  return fromHours === 0 ? `first ${hoursSpan(toHours)}` : `${hoursSpan(fromHours)}–${hoursSpan(toHours)}`;
}

function daysLabel(fromDays: number, toDays: number): string {
  if (fromDays === 0) return `up to ${plural(toDays, "day")}`;
  return fromDays === toDays ? `day ${fromDays}` : `days ${fromDays}–${toDays}`;
}

/** Two columns, the first padded to its widest cell, so the texts line up. */
function columns(rows: [string, string][], indent = "  "): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`);
}

/** About how many months a number of days is, for a patient ("about 2 months"). */
function aboutMonths(days: number): string {
  const months = Math.round(days / 30);
  return months >= 1 ? `about ${plural(months, "month")}` : `about ${plural(days, "day")}`;
}

const STATUS_TEXT = {
  eligible: "You can start on the day you asked for.",
  wait: "Not yet: a waiting time comes first.",
  needs_review: "A provider reviews your answers first.",
  blocked: "Microneedling is not possible for now.",
} as const;

const ADD_ON_LABELS = { prp: "PRP (platelet-rich plasma)", rf: "RF microneedling" } as const;

export interface PlanTextOptions {
  /** The clinic's phone number, for red flags; without it the text says "the clinic". */
  clinicPhone?: string | undefined;
}

/** The plan as a patient reads it: the same facts as the JSON, in order of use, in plain words. */
export function formatPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const lines: string[] = [];
  lines.push(`Your treatment plan, as of ${plan.asOf} (${plan.timeZone}; protocol ${plan.protocolVersion})`);
  lines.push("");
  lines.push(`Asked for ${plan.desiredStartOn}: ${STATUS_TEXT[plan.eligibility.status]}`);
  for (const r of plan.eligibility.reasons) {
    const until = r.until ? ` (possible from ${r.until})` : "";
    const accepted = r.override ? ` — accepted by ${r.override.by}: ${r.override.reason}` : "";
    lines.push(`  - ${r.detail}${until}${accepted}`);
  }
  for (const r of plan.addOnsRefused) lines.push(`  - ${r.reason}`);
  if (plan.earliestStartOn === null) {
    const temporary = plan.eligibility.reasons.some((r) => r.detail.includes("reassess when resolved"));
    lines.push(
      temporary
        ? "First possible session: none for now; reassess when resolved."
        : "First possible session: none — a contraindication stands.",
    );
  } else {
    lines.push(`First possible session: ${plan.sessions[0]?.targetOn ?? plan.earliestStartOn}`);
  }

  if (plan.sessions.length > 0) {
    lines.push("");
    if (plan.kind === "maintenance") {
      lines.push(
        `Your series of ${plural(plan.seriesLength, "session")} is complete: one maintenance visit.`,
      );
    } else {
      const done = plan.completedSessions > 0 ? `, ${plan.completedSessions} done` : "";
      lines.push(`Your series: ${plural(plan.seriesLength, "session")}${done}`);
    }
    lines.push(
      ...columns(
        plan.sessions.map((s) => [
          plan.kind === "maintenance" ? "Maintenance visit" : `Session ${s.number} of ${plan.seriesLength}`,
          `${s.targetOn}${s.latestOn ? ` (any day from ${s.earliestOn} to ${s.latestOn})` : ""}`,
        ]),
      ),
    );
    const finalResults = plan.expectations.find((e) => e.code === "final_results");
    if (finalResults) {
      lines.push(`Final results: ${aboutMonths(finalResults.toDays)} after your last session.`);
    }
    if (plan.reassessOn !== null) {
      lines.push(
        `Reassessment about ${plan.reassessOn}: your provider checks the result and whether another session would help.`,
      );
    }
    const m = plan.maintenance;
    lines.push(
      `Maintenance: every ${plural(m.everyMonths, "month")}, ${m.required ? "recommended to keep the result" : "optional"}${m.firstOn ? `, first about ${m.firstOn}` : ""}.`,
    );
  }

  if (plan.addOns.length > 0) {
    lines.push("");
    lines.push("Recommended add-ons:");
    for (const a of plan.addOns) lines.push(`  - ${ADD_ON_LABELS[a.code]}: ${a.reason}`);
  }
  if (plan.prep.length > 0) {
    lines.push("");
    lines.push("Before and between your sessions:");
    lines.push(...columns(plan.prep.map((p) => [p.on, p.text])));
  }
  if (plan.aftercare.length > 0) {
    lines.push("");
    lines.push("After each session:");
    lines.push(...columns(plan.aftercare.map((a) => [hoursLabel(a.fromHours, a.toHours), a.text])));
  }
  if (plan.expectations.length > 0) {
    lines.push("");
    lines.push("What to expect after each session:");
    lines.push(...columns(plan.expectations.map((e) => [daysLabel(e.fromDays, e.toDays), e.text])));
  }
  if (plan.redFlags.length > 0) {
    lines.push("");
    const phone = options.clinicPhone ? ` at ${options.clinicPhone}` : "";
    lines.push(`Call the clinic${phone} right away if you notice:`);
    for (const f of plan.redFlags) {
      const when =
        f.afterHours === 0
          ? ""
          : ` (${plural(Math.ceil(f.afterHours / 24), "day")} or more after the session)`;
      lines.push(when === "" ? `  - ${f.text}` : `  - ${f.text.replace(/\.$/, "")}${when}.`);
    }
  }
  lines.push(...skinAndRoutineLines(plan));
  lines.push("");
  return lines.join("\n");
}
