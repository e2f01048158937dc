import { Temporal } from "temporal-polyfill";

/** The audit page's filter form: days on the clinic's calendar, the rest as typed. */
export interface AuditFilters {
  action: string;
  actorId: string | null;
  patientId: string;
  fromDay: string;
  toDay: string;
}

export const NO_FILTERS: AuditFilters = { action: "", actorId: null, patientId: "", fromDay: "", toDay: "" };

/**
 * The API's query for the form: empty fields left out, and the days turned into instants on the
 * clinic's clock, `to` being the start of the day after the last day so that day is included.
 */
export function auditQueryOf(
  filters: AuditFilters,
  timeZone: string,
): { action?: string; actorId?: string; patientId?: string; from?: string; to?: string } {
  const startOf = (day: string) =>
    Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).toInstant().toString();
  return {
    ...(filters.action.trim() !== "" && { action: filters.action.trim() }),
    ...(filters.actorId && { actorId: filters.actorId }),
    ...(filters.patientId.trim() !== "" && { patientId: filters.patientId.trim() }),
    ...(filters.fromDay !== "" && { from: startOf(filters.fromDay) }),
    ...(filters.toDay !== "" && {
      to: startOf(Temporal.PlainDate.from(filters.toDay).add({ days: 1 }).toString()),
    }),
  };
}

/** The CSV download's address for the same filters (a plain link: the browser saves the file). */
export function auditCsvHref(query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return `/api/v1/audit.csv${search === "" ? "" : `?${search}`}`;
}
