import { describe, expect, it } from "vitest";
import { parseDayList, pathParts, sampleSeries, valueAt, withValueAt } from "./protocol-draft";

describe("protocol draft paths", () => {
  const doc = {
    interval: { minDays: 28 },
    aftercare: [
      { code: "a", text: "Rest", toHours: 24 },
      { code: "b", text: "Sun", toHours: null },
    ],
  };

  it("reads the paths the server names fields by", () => {
    expect(pathParts("aftercare[1].toHours")).toEqual(["aftercare", 1, "toHours"]);
    expect(valueAt(doc, "interval.minDays")).toBe(28);
    expect(valueAt(doc, "aftercare[1].text")).toBe("Sun");
    expect(valueAt(doc, "aftercare.0.code")).toBe("a");
    expect(valueAt(doc, "missing.deep.path")).toBeUndefined();
  });

  it("writes a copy, leaving the original and its siblings alone", () => {
    const next = withValueAt(doc, "aftercare[1].toHours", 72);
    expect(valueAt(next, "aftercare[1].toHours")).toBe(72);
    expect(doc.aftercare[1]?.toHours).toBeNull();
    expect(next.aftercare[0]).toBe(doc.aftercare[0]);
    expect(next.interval).toBe(doc.interval);
    expect(Array.isArray(next.aftercare)).toBe(true);
  });

  it("makes the objects a new path needs", () => {
    expect(withValueAt({}, "medications.topical_retinoid.days", 10)).toEqual({
      medications: { topical_retinoid: { days: 10 } },
    });
  });
});

describe("day lists", () => {
  it("reads commas or spaces and reports what is not a whole number", () => {
    expect(parseDayList("14, 7 3")).toEqual({ days: [14, 7, 3], bad: [] });
    expect(parseDayList("14, x, 2.5")).toEqual({ days: [14], bad: ["x", "2.5"] });
  });
});

describe("sample series", () => {
  it("spaces sessions by the target interval and adds maintenance after the last", () => {
    expect(sampleSeries("2027-01-10", 3, 28, 6)).toEqual({
      sessions: ["2027-01-10", "2027-02-07", "2027-03-07"],
      maintenance: "2027-09-07",
    });
  });
});
