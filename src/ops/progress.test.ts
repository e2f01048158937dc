import { describe, expect, it } from "vitest";
import { movableClock } from "../../test/http/harness.js";
import { startProgress } from "./progress.js";

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, sink: { isTTY, write: (text: string) => written.push(text) } };
}

describe("progress", () => {
  it("redraws one line on a terminal, with rate and time left, and ends with a summary", () => {
    const clock = movableClock("2030-01-01T00:00:00Z");
    const { written, sink: out } = sink(true);
    const progress = startProgress({ label: "copy", unit: "rows", total: 1000, clock, sink: out });
    clock.advance(1);
    progress.update(250);
    expect(written).toEqual(["\r\u001b[2Kcopy: 250 of 1,000 rows, 4 rows/s, 3 min 0 s left"]);
    progress.finish("1000 rows copied");
    expect(written.slice(1)).toEqual(["\r\u001b[2K", "copy: 1000 rows copied (60.0 s)\n"]);
  });

  it("logs a plain line at most every few seconds without a terminal", () => {
    const clock = movableClock("2030-01-01T00:00:00Z");
    const { written, sink: out } = sink(false);
    const progress = startProgress({
      label: "backup",
      unit: "bytes",
      total: 4 * 1024 * 1024,
      clock,
      sink: out,
    });
    progress.update(1024 * 1024);
    clock.set("2030-01-01T00:00:03Z");
    progress.update(2 * 1024 * 1024);
    expect(written).toHaveLength(1);
    clock.set("2030-01-01T00:00:06Z");
    progress.update(3 * 1024 * 1024);
    expect(written).toHaveLength(2);
    expect(written[1]).toBe("backup: 3.0 MB of 4.0 MB, 512.0 KB/s, 2 s left\n");
    progress.finish("done");
    expect(written.at(-1)).toBe("backup: done (6.0 s)\n");
  });
});
