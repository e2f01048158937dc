/**
 * `{{name}}` in a message template, as the server reads it: letters, digits and underscores,
 * spaces allowed inside the braces. Kept the same so the editor warns about exactly what a save
 * would refuse, before the round trip.
 */
const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The variables `text` uses that this kind of message is never given, each once. */
export function unknownVariables(text: string, known: readonly string[]): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(VARIABLE)) {
    const name = match[1] as string;
    if (!known.includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/** The warning shown beside a field, or undefined when every variable is known. */
export function variableWarning(text: string, known: readonly string[]): string | undefined {
  const unknown = unknownVariables(text, known);
  if (unknown.length === 0) return undefined;
  return `Unknown variable ${unknown.map((n) => `{{${n}}}`).join(", ")}; this message has ${known.map((n) => `{{${n}}}`).join(", ")}`;
}

/** `text` with `{{name}}` put in at `at` (the cursor), so a variable is added where the admin is typing. */
export function insertVariable(text: string, name: string, at: number): string {
  const place = Math.max(0, Math.min(at, text.length));
  return `${text.slice(0, place)}{{${name}}}${text.slice(place)}`;
}
