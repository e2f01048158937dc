import { describe, expect, it } from "vitest";
import {
  chartChanges,
  chartErrorsToForm,
  chartToValues,
  emptyChartValues,
  valuesToChart,
} from "./chart-form";

const stored = {
  device: "SkinPen Precision",
  areas: [
    { area: "cheeks", depthMm: 1.5, passes: 3 },
    { area: "forehead", depthMm: 0.5, passes: 2 },
  ],
  prp: null,
  rf: { energyLevel: 20, tip: "49-pin" },
  products: [{ name: "Hyaluronic serum", lotNumber: "L123" }],
  numbing: null,
  notes: "Tolerated well",
};

describe("chart form", () => {
  it("gives back the same chart it was filled from", () => {
    const result = valuesToChart(chartToValues(stored));
    expect(result).toEqual({ ok: true, chart: stored });
  });

  it("names what is missing instead of sending it", () => {
    const result = valuesToChart({ ...emptyChartValues, rfTip: "49-pin", numbingMinutes: 20 });
    expect(result.ok ? {} : result.errors).toEqual({
      device: "Name the device used",
      "areas.0.area": "Choose the area",
      "areas.0.depthMm": "Give the depth in mm",
      "areas.0.passes": "Give the number of passes",
      rfEnergy: "Give the RF energy level, or clear the tip",
      numbingProduct: "Name the numbing product, or clear the minutes",
    });
  });

  it("reads empty optional parts as not used", () => {
    const values = { ...chartToValues(stored), rfEnergy: "", rfTip: "  ", notes: " " };
    const result = valuesToChart(values);
    expect(result.ok && result.chart).toMatchObject({ rf: null, notes: null, prp: null, numbing: null });
  });

  it("tolerates a stored chart missing fields", () => {
    expect(chartToValues({})).toEqual(emptyChartValues);
  });
});

describe("chartChanges", () => {
  it("lists only the fields that differ, each whole", () => {
    const next = valuesToChart({ ...chartToValues(stored), notes: "Mild redness", prpMl: 4 });
    if (!next.ok) throw new Error("the chart should be valid");
    expect(chartChanges(stored, next.chart)).toEqual({ notes: "Mild redness", prp: { volumeMl: 4 } });
  });

  it("is empty when nothing changed", () => {
    const same = valuesToChart(chartToValues(stored));
    if (!same.ok) throw new Error("the chart should be valid");
    expect(chartChanges(stored, same.chart)).toEqual({});
  });
});

describe("chartErrorsToForm", () => {
  it("puts the server's field messages on the form's inputs", () => {
    expect(
      chartErrorsToForm({
        "areas[1].depthMm": "must be at most 3 mm",
        "rf.energyLevel": "must be at least 1",
        device: "is required",
      }),
    ).toEqual({
      "areas.1.depthMm": "must be at most 3 mm",
      rfEnergy: "must be at least 1",
      device: "is required",
    });
  });

  it("drops an amendment's prefix", () => {
    expect(chartErrorsToForm({ "changes.prp.volumeMl": "must be at most 30 ml" }, "changes.")).toEqual({
      prpMl: "must be at most 30 ml",
    });
  });
});
