import type { AddOn } from "./codes.js";

/**
 * The one place that decides whether a protocol value's RF variant applies: when the session
 * carries RF and the protocol gives an RF value (`rfDays`, `rfFromHours`, …), that value wins;
 * otherwise the plain one. `usesRf` says which was taken, for explanation paths.
 */
export function pickRfVariant<T, R>(
  addOns: readonly AddOn[],
  plain: T,
  rf: R | undefined,
): { value: T | R; usesRf: boolean } {
  if (addOns.includes("rf") && rf !== undefined) return { value: rf, usesRf: true };
  return { value: plain, usesRf: false };
}
