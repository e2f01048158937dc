import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import { parseOrThrow } from "../validation/field-problems.js";
import { amendChart, type SessionChart, sessionChartSchema } from "./chart.js";

const CHART = {
  device: "SkinPen Precision",
  areas: [
    { area: "cheeks", depthMm: 1.5, passes: 3 },
    { area: "forehead", depthMm: 0.5, passes: 2 },
  ],
};

function pathsOf(input: unknown): string[] {
  try {
    parseOrThrow(sessionChartSchema, input, "chart");
  } catch (error) {
    if (isDomainError(error)) return (error.details.fields ?? []).map((f) => f.path);
    throw error;
  }
  return [];
}

describe("session chart", () => {
  it("fills what a session did not use with null or nothing", () => {
    expect(sessionChartSchema.parse(CHART)).toEqual({
      ...CHART,
      prp: null,
      rf: null,
      products: [],
      numbing: null,
      notes: null,
    });
  });

  it.each([
    [{ ...CHART, areas: [{ area: "cheeks", depthMm: 0.05, passes: 1 }] }, ["areas[0].depthMm"]],
    [{ ...CHART, areas: [{ area: "cheeks", depthMm: 3.5, passes: 1 }] }, ["areas[0].depthMm"]],
    [{ ...CHART, areas: [{ area: "cheeks", depthMm: 1, passes: 0 }] }, ["areas[0].passes"]],
    [{ ...CHART, areas: [{ area: "elbow", depthMm: 1, passes: 1 }] }, ["areas[0].area"]],
    [{ ...CHART, areas: [] }, ["areas"]],
    [
      {
        ...CHART,
        areas: [
          { area: "neck", depthMm: 1, passes: 1 },
          { area: "neck", depthMm: 1.5, passes: 1 },
        ],
      },
      ["areas[1].area"],
    ],
    [{ ...CHART, prp: { volumeMl: 0 } }, ["prp.volumeMl"]],
    [{ ...CHART, rf: { energyLevel: 20, tip: "" } }, ["rf.tip"]],
    [{ ...CHART, products: [{ name: "Serum" }] }, ["products[0].lotNumber"]],
    [{ ...CHART, device: "" }, ["device"]],
  ])("refuses %j naming %j", (input, paths) => {
    expect(pathsOf(input)).toEqual(paths);
  });

  it("accepts the edges of the depth range", () => {
    expect(pathsOf({ ...CHART, areas: [{ area: "neck", depthMm: 0.1, passes: 1 }] })).toEqual([]);
    expect(pathsOf({ ...CHART, areas: [{ area: "neck", depthMm: 3.0, passes: 1 }] })).toEqual([]);
  });

  it("an amendment lists only the fields whose value changed, with before and after", () => {
    const chart: SessionChart = sessionChartSchema.parse(CHART);
    const { chart: amended, changed } = amendChart(chart, {
      device: chart.device,
      notes: "Mild pinpoint bleeding.",
    });
    expect(amended.notes).toBe("Mild pinpoint bleeding.");
    expect(changed).toEqual([{ field: "notes", before: null, after: "Mild pinpoint bleeding." }]);
    expect(() => amendChart(chart, { device: chart.device })).toThrow(/changes nothing/);
  });
});
