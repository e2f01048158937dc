import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatInstant, parseInstant } from "../domain/time/instants.js";
import { id as idSchema } from "../http/schemas/common.js";
import { timeOrderedId } from "./ordered-ids.js";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The milliseconds a version 7 UUID carries in its first 48 bits. */
function timeOf(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

describe("timeOrderedId", () => {
  it("is a version 7 UUID carrying its instant, which the API accepts as an id", () => {
    const id = timeOrderedId("2030-01-07T15:00:00.123Z");
    expect(id).toMatch(V7);
    expect(timeOf(id)).toBe(parseInstant("2030-01-07T15:00:00.123Z"));
    expect(idSchema.safeParse(id).success).toBe(true);
  });

  it("reads an instant in any offset as the same time", () => {
    expect(timeOf(timeOrderedId("2030-01-07T10:00:00-05:00"))).toBe(parseInstant("2030-01-07T15:00:00Z"));
  });

  it("sorts later instants after earlier ones, as text", () => {
    const instant = fc.integer({ min: 0, max: parseInstant("9999-12-31T23:59:59.999Z") });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        fc.pre(a !== b);
        const [earlier, later] = a < b ? [a, b] : [b, a];
        expect(timeOrderedId(formatInstant(earlier)) < timeOrderedId(formatInstant(later))).toBe(true);
      }),
    );
  });

  it("gives distinct ids within one millisecond", () => {
    const ids = new Set(Array.from({ length: 5_000 }, () => timeOrderedId("2030-01-07T15:00:00Z")));
    expect(ids.size).toBe(5_000);
    for (const id of ids) expect(id).toMatch(V7);
  });

  it("puts an instant before 1970 at time zero rather than failing", () => {
    const id = timeOrderedId("1969-07-20T20:17:00Z");
    expect(id).toMatch(V7);
    expect(id.slice(0, 13)).toBe("00000000-0000");
  });
});
