import { Temporal } from "temporal-polyfill";
import type { Plan } from "./plan.js";
import { buildPlanFromJson } from "./plan.js";
import type { Protocol } from "./protocol.schema.js";
import { defaultProtocol } from "./protocol-loader.js";

/** A plan input with sensible defaults; tests override what they look at. */
export function newPlanInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    asOf: "2026-12-01",
    timeZone: "America/New_York",
    concerns: [{ code: "wrinkles", severity: "moderate" }],
    ...overrides,
  };
}

export const TEST_NOW = Temporal.Instant.from("2026-12-01T15:00:00Z");

export function planFor(overrides: Record<string, unknown> = {}, protocol: Protocol = defaultProtocol): Plan {
  return buildPlanFromJson(newPlanInput(overrides), { protocol, now: TEST_NOW });
}
