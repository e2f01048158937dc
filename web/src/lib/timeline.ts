import type { paths } from "../api/schema";

type Timeline =
  paths["/api/v1/patients/{id}/timeline"]["get"]["responses"][200]["content"]["application/json"];
export type TimelineEntry = Timeline["entries"][number];

/**
 * The timeline's entries carry fields that depend on their kind; the API document names only
 * `kind`, so each field is read here with its type checked rather than assumed.
 */
export function text(entry: TimelineEntry, field: string): string {
  const value = entry[field];
  return typeof value === "string" ? value : "";
}

export function optionalText(entry: TimelineEntry, field: string): string | null {
  const value = entry[field];
  return typeof value === "string" ? value : null;
}

export function num(entry: TimelineEntry, field: string): number | null {
  const value = entry[field];
  return typeof value === "number" ? value : null;
}

export function ofKind(entries: readonly TimelineEntry[], kind: TimelineEntry["kind"]): TimelineEntry[] {
  return entries.filter((entry) => entry.kind === kind);
}
