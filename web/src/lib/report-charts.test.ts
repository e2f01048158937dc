import { describe, expect, it } from "vitest";
import { type Report, reportCharts } from "./report-charts";

const base = { from: "2026-01-01", to: "2026-03-01", groupBy: "month", timeZone: "UTC" } as const;

describe("report charts", () => {
  it("charts the first count as bars and the rates as percentages", () => {
    const report: Report = {
      ...base,
      report: "attendance",
      columns: [
        "period",
        "appointments",
        "completed",
        "no_shows",
        "late_cancels",
        "no_show_rate",
        "late_cancel_rate",
      ],
      rows: [
        ["2026-01", 10, 8, 1, 1, 0.1, 0.1],
        ["2026-02", 0, 0, 0, 0, null, null],
      ],
    };
    const charts = reportCharts(report);
    expect(charts.labels).toEqual(["2026-01", "2026-02"]);
    expect(charts.counts?.series).toEqual({ name: "appointments", values: [10, 0] });
    expect(charts.rates?.series).toEqual([
      { name: "no show rate", values: [10, null] },
      { name: "late cancel rate", values: [10, null] },
    ]);
  });

  it("draws nothing for a list", () => {
    const report: Report = {
      ...base,
      report: "recall-due",
      columns: ["patient_id", "last_session_on", "due_on"],
      rows: [["p1", "2025-01-01", "2025-07-01"]],
    };
    expect(reportCharts(report)).toEqual({ labels: [], counts: null, rates: null });
  });
});
