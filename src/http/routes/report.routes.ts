import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import { REPORT_NAMES, type ReportName } from "../../domain/clinical/reports.js";
import { type ClinicReport, getClinicReport } from "../../services/clinical/reports.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import { calendarDay, id, problems, SIGNED_IN, slug, text } from "../schemas/common.js";
import type { Api } from "./api.js";

/** Each report by name, and the same as CSV with `.csv` (or `Accept: text/csv`). */
const NAMES = [...REPORT_NAMES, ...REPORT_NAMES.map((n) => `${n}.csv` as const)] as const;

const reportParams = z.strictObject({
  slug,
  name: z.enum(NAMES, { error: () => `must be one of ${REPORT_NAMES.join(", ")} (add .csv for CSV)` }),
});

const reportQuery = z.strictObject({
  from: calendarDay,
  to: calendarDay,
  groupBy: z.enum(["week", "month"], { error: () => "must be week or month" }).default("month"),
  provider: id.optional(),
  service: text({ max: 100 }).optional(),
});

const reportResponse = z.object({
  report: z.enum(REPORT_NAMES),
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(["week", "month"]),
  timeZone: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
});

/** Clinic reports: series on time, maintenance return, attendance, recall (staff). */
export function registerReportRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug/reports/:name",
    {
      schema: {
        operationId: "getClinicReport",
        tags: ["clinical records"],
        security: SIGNED_IN,
        summary:
          "A clinic report over [from, to) by week or month, optionally for one provider or service; JSON, or CSV with `.csv` or `Accept: text/csv` (staff; audited)",
        params: reportParams,
        querystring: reportQuery,
        response: {
          200: {
            description: "The report's columns and rows (CSV: a header row, then the rows)",
            content: { "application/json": { schema: reportResponse }, "text/csv": { schema: z.string() } },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const staff = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const csv = request.params.name.endsWith(".csv") || (request.headers.accept ?? "").includes("text/csv");
      const name = request.params.name.replace(/\.csv$/, "") as ReportName;
      const report = await getClinicReport(serviceDepsFor(ctx, staff), staff, { ...request.query, name });
      if (!csv)
        return reply
          .type("application/json")
          .serializer((p) => JSON.stringify(p))
          .send(report);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${name}.csv"`)
        .serializer((payload) => payload as string)
        .send(toCsv(report));
    },
  );
}

function toCsv(report: ClinicReport): string {
  const cell = (value: string | number | null) => {
    // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
    const raw = value === null ? "" : String(value);
    const text = typeof value === "string" && /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [report.columns, ...report.rows]
    .map((row) => row.map(cell).join(","))
    .join("\r\n")
    .concat("\r\n");
}
