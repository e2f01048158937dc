import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromDbBool, fromDbInstant, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";

describe("instant codec", () => {
  it.each([
    ["2026-12-10T14:00:00Z", "2026-12-10T14:00:00.000Z"],
    ["2026-12-10T09:00:00-05:00", "2026-12-10T14:00:00.000Z"],
    ["2026-12-10T14:00:00.123456789Z", "2026-12-10T14:00:00.123Z"],
    ["2026-12-10T14:00:00+00:00[UTC]", "2026-12-10T14:00:00.000Z"],
  ])("stores %s as %s", (input, stored) => {
    expect(toDbInstant(input)).toBe(stored);
  });

  it.each([
    ["2026-12-10T14:00:00.000Z", "2026-12-10T14:00:00Z"],
    ["2026-12-10 14:00:00+00", "2026-12-10T14:00:00Z"],
    ["2026-12-10T14:00:00.120+00:00", "2026-12-10T14:00:00.12Z"],
    ["2026-12-10T14:00:00+00:00", "2026-12-10T14:00:00Z"],
    ["2026-12-10 15:30:00.25+01:30", "2026-12-10T14:00:00.25Z"],
  ])("reads %s back as %s", (stored, read) => {
    expect(fromDbInstant(stored)).toBe(read);
  });

  it("reads a Date too", () => {
    expect(fromDbInstant(new Date("2026-12-10T14:00:00.000Z"))).toBe("2026-12-10T14:00:00Z");
  });

  it("refuses what is not an instant, and years that would break text order", () => {
    expect(() => toDbInstant("2026-12-10T14:00:00")).toThrow(RangeError);
    expect(() => toDbInstant("+010000-01-01T00:00:00Z")).toThrow(RangeError);
  });

  it("keeps time order as text order, and round-trips", () => {
    const instant = fc
      .date({
        min: new Date("1970-01-01T00:00:00Z"),
        max: new Date("9999-12-31T23:59:59.999Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [sa, sb] = [toDbInstant(a), toDbInstant(b)];
        expect(sa).toHaveLength(24);
        expect(Math.sign(sa.localeCompare(sb, "en"))).toBe(Math.sign(Date.parse(a) - Date.parse(b)));
        expect(Date.parse(fromDbInstant(sa))).toBe(Date.parse(a));
      }),
    );
  });
});

describe("json and boolean codecs", () => {
  it("round-trips JSON through text and passes parsed values through", () => {
    const value = { a: [1, "b", null], c: { d: true } };
    expect(fromDbJson(toDbJson(value))).toEqual(value);
    expect(fromDbJson(value)).toBe(value);
  });

  it("maps booleans to 0/1 and reads either dialect's form", () => {
    expect([toDbBool(true), toDbBool(false)]).toEqual([1, 0]);
    expect([fromDbBool(1), fromDbBool(true), fromDbBool(0), fromDbBool(false)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
