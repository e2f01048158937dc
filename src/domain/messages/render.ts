import type { MessageVars } from "./types.js";

/** `{{name}}`: a variable; names are letters, digits and underscores, spaces inside allowed. */
const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The variable names a template text uses, each once, in order of first use. */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(VARIABLE)) names.add(match[1] as string);
  return [...names];
}

/** The variables `text` uses that are not among `known`. */
export function unknownVariables(text: string, known: readonly string[]): string[] {
  return templateVariables(text).filter((name) => !known.includes(name));
}

/**
 * Fills `{{name}}` with its value. `html` escapes each value, so a patient's name cannot inject
 * markup; the template's own markup (written by the clinic's admin) stays. A variable without a
 * value renders empty (saving a template refuses unknown names, so this only happens when a
 * value is genuinely absent).
 */
export function renderTemplate(text: string, vars: MessageVars, format: "text" | "html"): string {
  return text.replace(VARIABLE, (_whole, name: string) => {
    const value = vars[name] ?? "";
    return format === "html" ? escapeHtml(value) : value;
  });
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
