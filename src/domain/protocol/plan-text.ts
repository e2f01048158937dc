import type { Plan } from "./plan.js";
import { plural } from "./prep.js";

function hoursLabel(fromHours: number, toHours: number | null): string {
  const span = (h: number) => (h % 24 === 0 && h > 72 ? `${h / 24} days` : `${h} h`);
  if (toHours === null) return fromHours === 0 ? "every day" : `from day ${Math.floor(fromHours / 24)}`;
  return fromHours === 0 ? `first ${span(toHours)}` : `${span(fromHours)}–${span(toHours)}`;
}

const STATUS_TEXT = {
  eligible: "Eligible",
  wait: "Not yet: a waiting time stands",
  needs_review: "Needs a provider's review",
  blocked: "Not possible on the desired day",
} as const;

/** The plan as a person reads it: the same facts as the JSON, in order of use. */
export function formatPlanText(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`Treatment plan (protocol ${plan.protocolVersion}), as of ${plan.asOf}, ${plan.timeZone}`);
  lines.push("");
  lines.push(`Eligibility on ${plan.desiredStartOn}: ${STATUS_TEXT[plan.eligibility.status]}`);
  for (const r of plan.eligibility.reasons) {
    const until = r.until ? ` (from ${r.until})` : "";
    const accepted = r.override ? ` — accepted by ${r.override.by}: ${r.override.reason}` : "";
    lines.push(`  - ${r.detail}${until}${accepted}`);
  }
  lines.push(
    plan.earliestStartOn === null
      ? "Earliest start: none — a hard contraindication stands."
      : `Earliest start: ${plan.earliestStartOn}`,
  );
  lines.push("");
  if (plan.sessions.length > 0) {
    if (plan.kind === "maintenance") {
      lines.push(
        `Your series of ${plural(plan.seriesLength, "session")} is complete: one maintenance visit.`,
      );
    } else {
      const done = plan.completedSessions > 0 ? ` (${plan.completedSessions} done)` : "";
      lines.push(`Initial series: ${plural(plan.seriesLength, "session")}${done}`);
    }
    for (const s of plan.sessions) {
      const window = s.latestOn ? ` (between ${s.earliestOn} and ${s.latestOn})` : "";
      const name =
        plan.kind === "maintenance" ? "Maintenance visit" : `Session ${s.number} of ${plan.seriesLength}`;
      lines.push(`  ${name}: ${s.targetOn}${window}`);
    }
  }
  if (plan.reassessOn !== null) {
    lines.push(
      `Reassessment about ${plan.reassessOn}: your provider checks the result and whether another session would help.`,
    );
  }
  const m = plan.maintenance;
  if (plan.sessions.length > 0) {
    lines.push(
      `Maintenance: every ${m.everyMonths} months, ${m.required ? "recommended to keep the result" : "optional"}${m.firstOn ? `, first about ${m.firstOn}` : ""}`,
    );
  }
  if (plan.addOns.length > 0) {
    lines.push("");
    lines.push("Recommended add-ons:");
    for (const a of plan.addOns) lines.push(`  - ${a.code.toUpperCase()}: ${a.reason}`);
  }
  if (plan.prep.length > 0) {
    lines.push("");
    lines.push("Before your first session:");
    for (const p of plan.prep) lines.push(`  ${p.on}  ${p.text}`);
  }
  if (plan.aftercare.length > 0) {
    lines.push("");
    lines.push("After each session:");
    for (const a of plan.aftercare)
      lines.push(`  ${hoursLabel(a.fromHours, a.toHours).padEnd(12)} ${a.text}`);
  }
  if (plan.expectations.length > 0) {
    lines.push("");
    lines.push("What to expect:");
    for (const e of plan.expectations) {
      const span = e.fromDays === 0 ? `up to ${e.toDays} days` : `${e.fromDays}–${e.toDays} days`;
      lines.push(`  ${e.text} (${span})`);
    }
  }
  if (plan.redFlags.length > 0) {
    lines.push("");
    lines.push("Call the clinic right away if you notice:");
    for (const f of plan.redFlags) {
      const days = Math.ceil(f.afterHours / 24);
      const when = f.afterHours === 0 ? "" : ` (${plural(days, "day")} or more after the session)`;
      lines.push(when === "" ? `  - ${f.text}` : `  - ${f.text.replace(/\.$/, "")}${when}.`);
    }
  }
  lines.push("");
  return lines.join("\n");
}
