/** One rule that fired while building a plan, naming the protocol value it read. */
export interface ExplanationEntry {
  rule: string;
  /** Path in the protocol document, e.g. `medications.topical_retinoid.days`. */
  path: string;
  detail: string;
}
