import type { AddOn } from "./codes.js";
import type { Protocol } from "./protocol.schema.js";
import { pickRfVariant } from "./rf-variant.js";

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
  return protocol.aftercare.map((rule) => ({
    code: rule.code,
    fromHours: pickRfVariant(addOns, rule.fromHours, rule.rfFromHours).value,
    toHours: pickRfVariant(addOns, rule.toHours, rule.rfToHours).value,
    text: rule.text,
  }));
}

export function buildExpectations(protocol: Protocol, addOns: readonly AddOn[]): Expectation[] {
  return protocol.expectations.map((rule) => ({
    code: rule.code,
    fromDays: pickRfVariant(addOns, rule.fromDays, rule.rfFromDays).value,
    toDays: pickRfVariant(addOns, rule.toDays, rule.rfToDays).value,
    text: rule.text,
  }));
}

export interface RedFlag {
  code: string;
  text: string;
  /** Hours after the end of a session from which the sign calls for the clinic (0: at any time). */
  afterHours: number;
}

/** The signs after a session for which the patient calls the clinic, from `redFlags.signs`. */
export function buildRedFlags(protocol: Protocol, addOns: readonly AddOn[]): RedFlag[] {
  return protocol.redFlags.signs.map((sign) => ({
    code: sign.code,
    text: sign.text,
    afterHours: pickRfVariant(addOns, sign.afterHours, sign.rfAfterHours).value,
  }));
}
