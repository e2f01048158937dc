import { z } from "zod";
import {
  type AuditEntry,
  exportClinicAuditLog,
  listClinicAuditLog,
} from "../../services/patients/audit-log.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireRole } from "../auth/guards.js";
import { id, instant, instantOut, limit, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

/** Actions are dotted snake_case names (`booking.cancel`, `provider.time_off_add`). */
const action = z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, "must be an action name, e.g. booking.cancel");

const filters = {
  patientId: id.optional(),
  actorId: id.optional(),
  action: action.optional(),
  from: instant.optional(),
  to: instant.optional(),
};

const fromBeforeTo = (q: { from?: string | undefined; to?: string | undefined }) =>
  q.from === undefined || q.to === undefined || q.from < q.to;
const AFTER_FROM = { path: ["to"], message: "must be after from" };

const auditQuery = z
  .strictObject({
    ...filters,
    cursor: z.string().min(1).max(200).optional(),
    limit: limit(1000, 200),
  })
  .refine(fromBeforeTo, AFTER_FROM);

const auditExportQuery = z.strictObject(filters).refine(fromBeforeTo, AFTER_FROM);

const auditEntry = z.object({
  id,
  at: instantOut,
  actorId: z.string().nullable(),
  /** As the actor was named when the entry was written; null on entries older than names. */
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  patientId: z.string().nullable(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export function registerAuditRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/audit",
    {
      schema: {
        operationId: "listAuditEntries",
        tags: ["audit"],
        security: SIGNED_IN,
        summary: "Who read or changed what, newest first (admin, own clinic); paged with nextCursor",
        querystring: auditQuery,
        response: {
          200: z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const admin = requireRole(request, ["admin"]);
      return listClinicAuditLog(serviceDepsFor(ctx, admin), admin, request.query);
    },
  );

  api.get(
    "/api/v1/audit.csv",
    {
      schema: {
        operationId: "exportAuditEntries",
        tags: ["audit"],
        security: SIGNED_IN,
        summary: "The audit entries the filters match, newest first, as CSV (admin, own clinic; audited)",
        querystring: auditExportQuery,
        response: {
          200: {
            description: "A header row, then one row per entry (RFC 4180 quoting)",
            content: { "text/csv": { schema: z.string() } },
          },
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, ["admin"]);
      const entries = await exportClinicAuditLog(serviceDepsFor(ctx, admin), admin, request.query);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="audit.csv"')
        .serializer((payload) => payload as string)
        .send(toCsv(entries));
    },
  );
}

const CSV_COLUMNS = [
  "at",
  "actor_id",
  "actor_name",
  "actor_role",
  "action",
  "target_type",
  "target_id",
  "patient_id",
  "reason",
  "detail",
] as const;

function toCsv(entries: readonly AuditEntry[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const e of entries) {
    const cells = [
      e.at,
      e.actorId,
      e.actorName,
      e.actorRole,
      e.action,
      e.target?.type ?? null,
      e.target?.id ?? null,
      e.patientId,
      e.reason,
      JSON.stringify(e.detail),
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. A cell a
 * spreadsheet would run as a formula (it starts with =, +, -, @ or a tab) gets a leading
 * apostrophe: names and reasons are typed by people, patients among them.
 */
function csvCell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
