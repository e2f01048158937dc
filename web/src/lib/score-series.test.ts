import { describe, expect, it } from "vitest";
import { scoreSeries } from "./score-series";

describe("score series", () => {
  it("draws one line per scored concern with gaps where a session skipped it", () => {
    expect(
      scoreSeries([
        {
          label: "1 Mar",
          concerns: [
            { concern: "acne_scars", score: 7 },
            { concern: "fine_lines", score: null },
          ],
        },
        { label: "1 Apr", concerns: [{ concern: "fine_lines", score: 4 }] },
        {
          label: "1 May",
          concerns: [
            { concern: "acne_scars", score: 0 },
            { concern: "fine_lines", score: 3 },
          ],
        },
      ]),
    ).toEqual([
      { name: "acne scars", values: [7, null, 0] },
      { name: "fine lines", values: [null, 4, 3] },
    ]);
  });
});
