import { describe, expect, it } from "vitest";
import { planInputSchema } from "../protocol/plan-input.schema.js";
import { suggestCode } from "./did-you-mean.js";
import { parseOrThrow } from "./field-problems.js";
import { quoted, text } from "./text.js";

describe("input at the edges", () => {
  it("quotes at most 40 characters of a value, escaped onto one line", () => {
    expect(quoted("x".repeat(1_000_000))).toBe(`"${"x".repeat(40)}…"`);
    expect(quoted("a\nb")).toBe('"a\\nb"');
  });

  it("refuses control characters, keeping tabs and line breaks only in notes", () => {
    expect(text({ max: 10 }).safeParse("a\u0000b").success).toBe(false);
    expect(text({ max: 10 }).safeParse("a\tb").success).toBe(false);
    expect(text({ max: 10, multiline: true }).safeParse("a\tb\r\nc").success).toBe(true);
    expect(text({ max: 10, multiline: true }).safeParse("a\u007fb").success).toBe(false);
  });

  it("suggests nothing for input far longer than any code", () => {
    expect(suggestCode("pregnancyy", ["pregnancy"])).toBe("pregnancy");
    expect(suggestCode("pregnancy".padEnd(10_000, "y"), ["pregnancy"])).toBeUndefined();
  });

  it.each(["0000-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])("plan asOf %s is refused", (asOf) => {
    const input = { asOf, timeZone: "UTC", concerns: [{ code: "fine_lines", severity: "mild" }] };
    expect(() => parseOrThrow(planInputSchema, input, "plan input")).toThrow(/asOf: must lie in the years/);
  });
});
