import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import { type AuditCursor, type AuditEntry, listAuditEntries } from "../../store/audit.repository.js";
import { auditStaffAction } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

export type { AuditEntry } from "../../store/audit.repository.js";

export interface AuditLogFilters {
  patientId?: string | undefined;
  /** The account that acted. */
  actorId?: string | undefined;
  /** Exactly this action, e.g. `booking.cancel`. */
  action?: string | undefined;
  /** Inclusive lower bound (instant). */
  from?: string | undefined;
  /** Exclusive upper bound (instant). */
  to?: string | undefined;
}

export interface AuditLogQuery extends AuditLogFilters {
  /** The previous page's `nextCursor`; absent for the first page. */
  cursor?: string | undefined;
  limit: number;
}

export interface AuditLogPage {
  entries: AuditEntry[];
  /** Pass it back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * Who read or changed what, newest first, for an admin: only their own clinic's entries, so
 * another clinic's ids never show. Reading the log is itself audited, in one row (written after
 * the read, so it is not in its own answer) with the filters and the patients the answer named;
 * a read filtered by patient carries that patient, so it shows in their trail.
 */
export async function listClinicAuditLog(
  deps: ServiceDeps,
  admin: SessionPrincipal,
  query: AuditLogQuery,
): Promise<AuditLogPage> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  // One more than asked tells whether there is a next page without a count.
  const rows = await readEntries(deps, admin, query, query.limit + 1, after);
  const entries = rows.slice(0, query.limit);
  const last = entries.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor(last) : null;
  await auditRead(deps, admin, "audit.read", query, entries);
  return { entries, nextCursor };
}

/** The most rows one export holds; narrow the filters (a date range) for more. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/**
 * Every entry that matches, newest first, for a CSV export (up to `AUDIT_EXPORT_MAX_ROWS`). The
 * export is audited like a read, as `audit.export`.
 */
export async function exportClinicAuditLog(
  deps: ServiceDeps,
  admin: SessionPrincipal,
  filters: AuditLogFilters,
): Promise<AuditEntry[]> {
  const entries = await readEntries(deps, admin, filters, AUDIT_EXPORT_MAX_ROWS, undefined);
  await auditRead(deps, admin, "audit.export", filters, entries);
  return entries;
}

function readEntries(
  deps: ServiceDeps,
  admin: SessionPrincipal,
  filters: AuditLogFilters,
  limit: number,
  after: AuditCursor | undefined,
): Promise<AuditEntry[]> {
  return listAuditEntries(deps.store.db, {
    clinicId: admin.clinicId,
    limit,
    ...(filters.patientId !== undefined && { patientId: filters.patientId }),
    ...(filters.actorId !== undefined && { actorId: filters.actorId }),
    ...(filters.action !== undefined && { action: filters.action }),
    ...(filters.from !== undefined && { from: filters.from }),
    ...(filters.to !== undefined && { to: filters.to }),
    ...(after !== undefined && { after }),
  });
}

async function auditRead(
  deps: ServiceDeps,
  admin: SessionPrincipal,
  action: string,
  filters: AuditLogFilters,
  entries: readonly AuditEntry[],
): Promise<void> {
  const shown = new Set<string>();
  for (const entry of entries) if (entry.patientId !== null) shown.add(entry.patientId);
  await auditStaffAction(
    deps.store.db,
    admin,
    action,
    deps.clock.now().toString(),
    {
      ...(filters.actorId !== undefined && { actorId: filters.actorId }),
      ...(filters.action !== undefined && { action: filters.action }),
      ...(filters.from !== undefined && { from: filters.from }),
      ...(filters.to !== undefined && { to: filters.to }),
      count: entries.length,
      patientIds: [...shown].sort(),
    },
    filters.patientId ?? null,
  );
}

/** The cursor is the last entry's instant and id, base64url: opaque to clients, cheap to check. */
function encodeCursor(entry: AuditEntry): string {
  return Buffer.from(`${entry.at}|${entry.id}`, "utf8").toString("base64url");
}

/** An instant as entries carry it (UTC, seconds, optional fraction). */
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function decodeCursor(cursor: string): AuditCursor {
  const [at, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (at === undefined || id === undefined || rest.length > 0 || !CURSOR_INSTANT.test(at)) {
    throw new DomainError("invalid_input", "The cursor is not one this list gave.", {
      fields: [{ path: "cursor", message: "is not a cursor this list gave" }],
    });
  }
  return { at, id };
}
