import { describe, expect, it } from "vitest";
import {
  alertsReport,
  attendanceReport,
  maintenanceReturnReport,
  periodOf,
  type ReportAlert,
  type ReportBooking,
  recallDue,
  seriesOnTimeReport,
} from "./reports.js";

const UTC = "UTC";
let n = 0;
function b(
  patientId: string,
  day: string,
  status: ReportBooking["status"],
  extra: Partial<ReportBooking> = {},
): ReportBooking {
  return {
    id: `b${n++}`,
    patientId,
    providerId: "p1",
    serviceCode: "microneedling",
    isTreatment: true,
    startsAt: `${day}T15:00:00Z`,
    status,
    lateCancel: false,
    seriesId: null,
    ...extra,
  };
}
const window = (groupBy: "week" | "month" = "month") => ({
  fromDay: "2030-01-01",
  toDay: "2031-01-01",
  groupBy,
  timeZone: UTC,
});

describe("clinic reports", () => {
  it.each([
    ["2030-01-07", "week", "2030-01-07"],
    ["2030-01-13", "week", "2030-01-07"],
    ["2030-01-01", "week", "2029-12-31"],
    ["2030-01-31", "month", "2030-01"],
  ] as const)("puts %s in the %s of %s", (day, groupBy, period) => {
    expect(periodOf(day, groupBy)).toBe(period);
  });

  it("counts no-shows and late cancellations among the appointments that were due", () => {
    const rows = [
      b("a", "2030-01-03", "completed"),
      b("a", "2030-01-10", "no_show"),
      b("b", "2030-01-11", "cancelled", { lateCancel: true }),
      b("b", "2030-01-12", "cancelled"),
      b("c", "2030-02-01", "completed"),
      b("c", "2031-02-01", "completed"),
    ];
    expect(attendanceReport(rows, window()).rows).toEqual([
      ["2030-01", 3, 1, 1, 1, 0.333, 0.333],
      ["2030-02", 1, 1, 0, 0, 0, 0],
    ]);
  });

  it("a series is on time when every interval is within the protocol's", () => {
    const interval = { minDays: 28, maxDays: 42 };
    const rows = [
      // On time: 28 and 42 days.
      b("a", "2030-01-01", "completed", { seriesId: "s1" }),
      b("a", "2030-01-29", "completed", { seriesId: "s1" }),
      b("a", "2030-03-12", "completed", { seriesId: "s1" }),
      // Late: 43 days.
      b("b", "2030-01-01", "completed", { seriesId: "s2" }),
      b("b", "2030-02-13", "completed", { seriesId: "s2" }),
      // Not finished: a missed session.
      b("c", "2030-01-01", "completed", { seriesId: "s3" }),
      b("c", "2030-02-01", "no_show", { seriesId: "s3" }),
    ];
    expect(seriesOnTimeReport(rows, window(), interval).rows).toEqual([
      ["2030-02", 1, 0, 0],
      ["2030-03", 1, 1, 1],
    ]);
  });

  it("maintenance return at 6 and 7 months counts only series old enough", () => {
    const series = (p: string, id: string, end: string) => b(p, end, "completed", { seriesId: id });
    const rows = [
      series("a", "s1", "2030-01-10"),
      b("a", "2030-07-05", "completed"), // within 6 months
      series("b", "s2", "2030-01-20"),
      b("b", "2030-08-15", "completed"), // within 7, not 6
      series("c", "s3", "2030-01-25"), // never came back
      series("d", "s4", "2030-06-01"), // too recent to judge on 2030-09-01
    ];
    expect(maintenanceReturnReport(rows, window(), "2030-09-01").rows).toEqual([
      ["2030-01", 3, 1, 0.333, 2, 0.667],
    ]);
  });

  it("recall lists patients whose last treatment is six months old and who booked nothing since", () => {
    const rows = [
      b("a", "2030-01-10", "completed"),
      b("b", "2030-01-05", "completed"),
      b("b", "2030-09-01", "booked"),
      b("c", "2030-05-01", "completed"),
      b("d", "2030-02-01", "completed", { isTreatment: false }),
    ];
    expect(recallDue(rows, "2030-08-01", UTC, 6)).toEqual([
      { patientId: "a", lastSessionOn: "2030-01-10", dueOn: "2030-07-10" },
    ]);
  });
});

/** An alert raised at `raisedAt` and first answered `minutes` later (null: still open). */
function alert(
  raisedAt: string,
  minutes: number | null,
  severity: ReportAlert["severity"] = "attention",
): ReportAlert {
  return {
    severity,
    raisedAt,
    acknowledgedAt: minutes === null ? null : new Date(Date.parse(raisedAt) + minutes * 60_000).toISOString(),
  };
}

describe("alerts report", () => {
  it.each([
    { name: "no alerts", alerts: [], rows: [] },
    {
      name: "one answered alert",
      alerts: [alert("2030-01-10T10:00:00Z", 30, "urgent")],
      rows: [["2030-01", 1, 1, 0, 0, 30, 30]],
    },
    {
      name: "an open alert counts as raised and open, not as a response",
      alerts: [alert("2030-01-10T10:00:00Z", 20), alert("2030-01-11T10:00:00Z", null, "urgent")],
      rows: [["2030-01", 2, 1, 1, 1, 20, 20]],
    },
    {
      name: "median of an even count is the mean of the middle two; p90 by nearest rank",
      alerts: [10, 20, 40, 60].map((m, i) => alert(`2030-01-1${i}T10:00:00Z`, m)),
      rows: [["2030-01", 4, 0, 4, 0, 30, 60]],
    },
    {
      name: "ten responses: p90 is the ninth",
      alerts: [1, 2, 3, 4, 5, 6, 7, 8, 90, 500].map((m) => alert("2030-03-02T08:00:00Z", m)),
      rows: [["2030-03", 10, 0, 10, 0, 5.5, 90]],
    },
    {
      name: "only open alerts: no times",
      alerts: [alert("2030-02-01T10:00:00Z", null)],
      rows: [["2030-02", 1, 0, 1, 1, null, null]],
    },
    {
      name: "periods in order; alerts outside the window left out",
      alerts: [
        alert("2030-02-01T10:00:00Z", 5),
        alert("2029-12-31T23:00:00Z", 5),
        alert("2030-01-05T10:00:00Z", 7.5),
      ],
      rows: [
        ["2030-01", 1, 0, 1, 0, 7.5, 7.5],
        ["2030-02", 1, 0, 1, 0, 5, 5],
      ],
    },
  ])("$name", ({ alerts, rows }) => {
    const table = alertsReport(alerts, window());
    expect(table.columns).toEqual([
      "period",
      "alerts",
      "urgent",
      "attention",
      "open",
      "median_response_minutes",
      "p90_response_minutes",
    ]);
    expect(table.rows).toEqual(rows);
  });

  it("groups by the clinic's day: late evening in New York is the next day in UTC", () => {
    const late = [alert("2030-01-07T02:00:00Z", 15)];
    const ny = { ...window("week"), timeZone: "America/New_York" };
    expect(alertsReport(late, ny).rows).toEqual([["2029-12-31", 1, 0, 1, 0, 15, 15]]);
  });
});
