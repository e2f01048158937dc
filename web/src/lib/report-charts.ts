import type { paths } from "../api/schema";
import type { ChartSeries } from "../components/svg-chart";

export type Report =
  paths["/api/v1/clinics/{slug}/reports/{name}"]["get"]["responses"][200]["content"]["application/json"];
export type ReportName = Report["report"];

/** The reports the server offers, in words for the menu. */
export const REPORTS: { name: ReportName; label: string; description: string }[] = [
  {
    name: "attendance",
    label: "Attendance",
    description: "Appointments, completed visits, no-shows and late cancellations.",
  },
  {
    name: "series-on-time",
    label: "Series on time",
    description: "Finished series, and how many kept every session inside its window.",
  },
  {
    name: "maintenance-return",
    label: "Maintenance return",
    description: "Patients who came back for maintenance within 6 and 7 months of their series.",
  },
  {
    name: "recall-due",
    label: "Recall due",
    description: "Patients due for maintenance today with nothing booked (a list; no chart).",
  },
  {
    name: "alerts",
    label: "Check-in alerts",
    description: "Alerts raised by check-ins and how fast a provider responded.",
  },
];

export interface ReportCharts {
  labels: string[];
  /** The report's first count (appointments, alerts…) as bars. */
  counts: { title: string; series: ChartSeries } | null;
  /** Its rates (0–1 in the API), as percentages on lines. */
  rates: { title: string; series: ChartSeries[] } | null;
}

const words = (column: string) => column.replaceAll("_", " ");
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What to draw of a report: periodic reports (first column `period`) chart their first count
 * and every `*rate*` column; a list (recall) charts nothing and is read as its table.
 */
export function reportCharts(report: Report): ReportCharts {
  const { columns, rows } = report;
  if (columns[0] !== "period") return { labels: [], counts: null, rates: null };
  const labels = rows.map((row) => String(row[0]));
  const numberAt = (row: (string | number | null)[], i: number) => {
    const v = row[i];
    return typeof v === "number" ? v : null;
  };
  const countIndex = columns.findIndex((c, i) => i > 0 && !c.includes("rate"));
  const rateIndexes = columns.flatMap((c, i) => (c.includes("rate") ? [i] : []));
  return {
    labels,
    counts:
      countIndex < 0
        ? null
        : {
            title: `${capitalized(words(columns[countIndex] ?? ""))} per ${report.groupBy}`,
            series: {
              name: words(columns[countIndex] ?? ""),
              values: rows.map((r) => numberAt(r, countIndex)),
            },
          },
    rates:
      rateIndexes.length === 0
        ? null
        : {
            title: `Rates per ${report.groupBy} (%)`,
            series: rateIndexes.map((i) => ({
              name: words(columns[i] ?? ""),
              values: rows.map((r) => {
                const v = numberAt(r, i);
                return v === null ? null : Math.round(v * 1000) / 10;
              }),
            })),
          },
  };
}
