import { MantineProvider } from "@mantine/core";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BarChart, LineChart } from "./svg-chart";

describe("the SVG charts", () => {
  it("hide the drawing from screen readers and give them the numbers as a table, gaps as dashes", () => {
    const { container } = render(
      <MantineProvider>
        <LineChart
          title="Severity"
          labels={["Mar 1", "Apr 1", "Apr 1"]}
          series={[
            { name: "acne scars", values: [7, null, 5] },
            { name: "fine lines", values: [3, 2, null] },
          ]}
          max={10}
        />
      </MantineProvider>,
    );
    expect(container.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
    const table = screen.getByRole("table", { name: "Severity" });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "Periodacne scarsfine lines",
      "Mar 173",
      "Apr 1—2",
      "Apr 15—",
    ]);
    // A missing value breaks a line rather than joining across the gap: acne scars (7, gap, 5)
    // draws no segment, fine lines (3, 2, gap) one.
    expect(container.querySelectorAll("polyline")).toHaveLength(1);
    expect(container.querySelectorAll("circle")).toHaveLength(2);
  });

  it("draws a bar per value, as tall as its share of the axis", () => {
    const { container } = render(
      <MantineProvider>
        <BarChart
          title="Appointments"
          labels={["2027-01", "2027-02"]}
          series={[{ name: "appointments", values: [2, 4] }]}
          showTable
        />
      </MantineProvider>,
    );
    const bars = [...container.querySelectorAll("rect")].map((r) => Number(r.getAttribute("height")));
    expect(bars).toHaveLength(2);
    expect(bars[1]).toBeCloseTo((bars[0] ?? 0) * 2, 1);
    expect(screen.getByRole("region", { name: "Appointments, as a table" })).toBeTruthy();
  });
});
