/** "1 day", "3 days": a count with its unit, as a patient reads it. */
export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
