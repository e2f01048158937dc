import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import {
  addMinutes,
  createInstantFormatter,
  formatInstant,
  minutesBetween,
  parseInstant,
} from "./instants.js";

// Years 0001-9999 in ms: the range both the fast paths and Temporal print with four digits.
const epochMs = fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 });

describe("parseInstant", () => {
  it.each([
    ["2026-12-10T14:00:00Z", Date.UTC(2026, 11, 10, 14)],
    ["2026-12-10T14:00:00.250Z", Date.UTC(2026, 11, 10, 14, 0, 0, 250)],
    ["2024-02-29T23:59:59Z", Date.UTC(2024, 1, 29, 23, 59, 59)],
    // Not canonical, so Temporal reads them:
    ["2026-12-10T09:00:00-05:00", Date.UTC(2026, 11, 10, 14)],
    ["2026-12-10T14:00Z", Date.UTC(2026, 11, 10, 14)],
    ["2026-12-10T14:00:00.123456789Z", Date.UTC(2026, 11, 10, 14, 0, 0, 123)],
  ])("%s", (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    "2026-02-29T10:00:00Z", // not a leap year
    "2026-12-10T24:00:00Z",
    "2026-13-10T10:00:00Z",
    "2026-12-10 14:00:00",
    "2026-12-10T14:00:00", // no zone: a wall time, not an instant
    "2026-1a-10T14:00:00Z",
    "",
  ])("refuses %j with invalid_input naming the field", (text) => {
    let error: unknown;
    try {
      parseInstant(text, "window.from");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "invalid_input", details: { fields: [{ path: "window.from" }] } });
  });

  it("agrees with Temporal on canonical strings", () => {
    fc.assert(
      fc.property(epochMs, (ms) => {
        const text = Temporal.Instant.fromEpochMilliseconds(ms).toString();
        expect(parseInstant(text)).toBe(Temporal.Instant.from(text).epochMilliseconds);
        expect(parseInstant(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });
});

describe("formatInstant and createInstantFormatter", () => {
  it.each([
    [Date.UTC(2026, 11, 10, 14), "2026-12-10T14:00:00Z"],
    [Date.UTC(2026, 11, 10, 14, 0, 0, 500), "2026-12-10T14:00:00.5Z"],
    [Date.UTC(2026, 11, 10, 14, 0, 0, 120), "2026-12-10T14:00:00.12Z"],
    [Date.UTC(2026, 11, 10, 14, 0, 0, 7), "2026-12-10T14:00:00.007Z"],
  ])("%d prints %s", (ms, expected) => {
    expect(formatInstant(ms)).toBe(expected);
    expect(createInstantFormatter()(ms)).toBe(expected);
  });

  it("prints exactly what Temporal prints", () => {
    const format = createInstantFormatter();
    const wholeSeconds = epochMs.map((ms) => ms - (((ms % 1000) + 1000) % 1000));
    fc.assert(
      fc.property(fc.oneof(epochMs, wholeSeconds), (ms) => {
        const expected = Temporal.Instant.fromEpochMilliseconds(ms).toString();
        expect(formatInstant(ms)).toBe(expected);
        expect(format(ms)).toBe(expected);
        expect(format(ms)).toBe(expected);
      }),
    );
  });
});

describe("addMinutes and minutesBetween", () => {
  it("moves an instant by whole minutes and prints it canonically", () => {
    expect(addMinutes("2026-12-10T14:00:00Z", 90)).toBe("2026-12-10T15:30:00Z");
    expect(addMinutes("2026-12-10T14:00:00.250Z", -24 * 60)).toBe("2026-12-09T14:00:00.25Z");
    expect(addMinutes("2026-12-10T09:00:00-05:00", 0)).toBe("2026-12-10T14:00:00Z");
  });

  it("measures minutes between instants, negative backwards", () => {
    expect(minutesBetween("2026-12-10T14:00:00Z", "2026-12-10T15:30:00Z")).toBe(90);
    expect(minutesBetween("2026-12-10T15:30:00Z", "2026-12-10T14:00:00Z")).toBe(-90);
    expect(minutesBetween("2026-12-10T14:00:00Z", "2026-12-10T14:00:30Z")).toBe(0.5);
  });

  it("agrees with Temporal", () => {
    // Years 1970-3000, so that a move of up to ~70 days stays in four-digit years.
    const ms = fc.integer({ min: 0, max: 32_503_680_000_000 });
    fc.assert(
      fc.property(ms, fc.integer({ min: -100_000, max: 100_000 }), (epochMilliseconds, minutes) => {
        const from = Temporal.Instant.fromEpochMilliseconds(epochMilliseconds);
        const iso = from.toString();
        expect(addMinutes(iso, minutes)).toBe(from.add({ minutes }).toString());
        expect(minutesBetween(iso, from.add({ minutes }).toString())).toBe(minutes);
      }),
    );
  });
});
