/** Levenshtein distance, small inputs only (codes are a few dozen characters). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Input longer than this is no typo of a code (codes are at most 64 characters): it gets no
 * suggestion, so the cost of one stays a few thousand steps per candidate whatever is sent.
 */
export const MAX_SUGGESTION_INPUT_LENGTH = 64;

/** The closest known code, when it is close enough to be a likely typo. */
export function suggestCode(input: string, known: readonly string[]): string | undefined {
  if (input.length > MAX_SUGGESTION_INPUT_LENGTH) return undefined;
  const needle = input.toLowerCase().replace(/[\s-]+/g, "_");
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (candidate === needle) return candidate;
    const distance = editDistance(needle, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Allow about one typo per four characters; beyond that a suggestion is noise.
  return bestDistance <= Math.max(2, Math.floor(needle.length / 4)) ? best : undefined;
}
