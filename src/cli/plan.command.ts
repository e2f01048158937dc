import { parseArgs } from "node:util";
import { buildPlanFromJson } from "../domain/protocol/plan.js";
import { formatPlanText } from "../domain/protocol/plan-text.js";
import {
  defaultProtocol,
  parseClinicProtocol,
  protocolWarnings,
} from "../domain/protocol/protocol-loader.js";
import { systemClock } from "../system-clock.js";
import { readJsonFile } from "./read-json.js";
import { UsageError } from "./usage-error.js";

export const PLAN_USAGE = `regimen plan --input <case.json | -> [--protocol <clinic.json>] [--format json|text] [--clinic-phone <number>]`;

export function runPlanCommand(args: string[]): string {
  let values: { input?: string; protocol?: string; format?: string; "clinic-phone"?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        input: { type: "string", short: "i" },
        protocol: { type: "string", short: "p" },
        format: { type: "string", short: "f", default: "json" },
        // Shown in the text format's red flags; the clinic's profile may not hold a phone yet.
        "clinic-phone": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: ${PLAN_USAGE}`);
  }
  if (!values.input) throw new UsageError(`--input is required\nusage: ${PLAN_USAGE}`);
  if (values.input === "-" && values.protocol === "-")
    throw new UsageError("--input and --protocol cannot both read standard input");
  if (values.format !== "json" && values.format !== "text")
    throw new UsageError(`--format: must be json or text, not "${values.format}"`);

  const protocol = values.protocol
    ? parseClinicProtocol(readJsonFile(values.protocol, "--protocol"))
    : defaultProtocol;
  // Accepted, but the person running the plan should see it: stderr keeps stdout a clean plan.
  for (const warning of protocolWarnings(protocol)) process.stderr.write(`warning: ${warning}\n`);
  const plan = buildPlanFromJson(readJsonFile(values.input, "--input"), { protocol, now: systemClock.now() });
  return values.format === "text"
    ? formatPlanText(plan, { clinicPhone: values["clinic-phone"] })
    : `${JSON.stringify(plan, null, 2)}\n`;
}
