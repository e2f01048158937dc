/**
 * Where to go after signing in: only a path of this app, never another site (an open redirect
 * would let a crafted link send a patient to a look-alike page).
 */
export function safeNext(next: string | null): string | null {
  if (next === null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}

const PENDING_KEY = "regimen.afterSignIn";

/** Remembers where a visitor was (e.g. the slot they picked) across the emailed sign-up link. */
export function rememberNext(path: string): void {
  try {
    globalThis.localStorage?.setItem(PENDING_KEY, path);
  } catch {
    // Storage may be disabled (private mode): the visitor then starts from the timeline.
  }
}

export function takeRememberedNext(): string | null {
  try {
    const value = globalThis.localStorage?.getItem(PENDING_KEY) ?? null;
    globalThis.localStorage?.removeItem(PENDING_KEY);
    return safeNext(value);
  } catch {
    return null;
  }
}
