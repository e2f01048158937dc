import { demoPlanInput } from "./domain/protocol/demo-patient.js";
import { buildPlan } from "./domain/protocol/plan.js";
import { formatPlanText } from "./domain/protocol/plan-text.js";
import { defaultProtocol } from "./domain/protocol/protocol-loader.js";
import { dayOfInstant } from "./domain/time/calendar.js";
import { systemClock } from "./system-clock.js";

// Until the server is wired, start shows what the engine does for a demo patient.
const now = systemClock.now();
const input = demoPlanInput(dayOfInstant(now, "America/New_York"));
process.stdout.write(
  "Regimen — demo patient: acne scars and uneven tone, on tretinoin, cold-sore history\n\n",
);
process.stdout.write(formatPlanText(buildPlan(input, { protocol: defaultProtocol, now })));
