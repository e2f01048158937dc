import type { Plan } from "./plan.js";

const TIMES = { morning: "mornings", evening: "evenings" } as const;

/**
 * The skin type's warning and the routine between sessions, as a patient reads them: each
 * product, when it is used, and the dated stop and restart around the sessions.
 */
export function skinAndRoutineLines(plan: Pick<Plan, "skinType" | "routine">): string[] {
  const lines: string[] = [];
  if (plan.skinType?.warning) {
    lines.push("");
    lines.push(`Your skin (type ${plan.skinType.skinType}): ${plan.skinType.warning}`);
  }
  if (plan.routine.length === 0) return lines;
  lines.push("");
  lines.push("Your skincare between sessions:");
  for (const entry of plan.routine) {
    const when = entry.times.map((t) => TIMES[t]).join(" and ");
    lines.push(`  ${entry.name} (${when}): ${entry.advice}`);
    for (const pause of entry.pauses) {
      const sessions = pause.sessions.length === 1 ? "session" : "sessions";
      lines.push(
        `    stop on ${pause.stopOn}, use again from ${pause.resumeOn} (${sessions} ${pause.sessions.join(", ")})`,
      );
    }
  }
  return lines;
}
