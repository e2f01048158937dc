import type { AddOn } from "./codes.js";
import type { Protocol } from "./protocol.schema.js";

export interface AftercareItem {
  code: string;
  /** Hours after the end of the session. */
  fromHours: number;
  /** null: from `fromHours` on, with no end. */
  toHours: number | null;
  text: string;
}

export interface Expectation {
  code: string;
  /** Days after the session. */
  fromDays: number;
  toDays: number;
  text: string;
}

export function buildAftercare(protocol: Protocol, addOns: readonly AddOn[]): AftercareItem[] {
  const rf = addOns.includes("rf");
  return protocol.aftercare.map((rule) => ({
    code: rule.code,
    fromHours: rf && rule.rfFromHours !== undefined ? rule.rfFromHours : rule.fromHours,
    toHours: rf && rule.rfToHours !== undefined ? rule.rfToHours : rule.toHours,
    text: rule.text,
  }));
}

export function buildExpectations(protocol: Protocol, addOns: readonly AddOn[]): Expectation[] {
  const rf = addOns.includes("rf");
  return protocol.expectations.map((rule) => ({
    code: rule.code,
    fromDays: rf && rule.rfFromDays !== undefined ? rule.rfFromDays : rule.fromDays,
    toDays: rf && rule.rfToDays !== undefined ? rule.rfToDays : rule.toDays,
    text: rule.text,
  }));
}
