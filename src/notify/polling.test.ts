import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { retryAtAfter } from "./polling.js";

describe("retryAtAfter", () => {
  const failedAt = Temporal.Instant.from("2030-01-01T12:00:00Z");
  const policy = { maxAttempts: 4, backoffSeconds: 30 };

  it.each([
    [1, "2030-01-01T12:00:30Z"],
    [2, "2030-01-01T12:01:00Z"],
    [3, "2030-01-01T12:02:00Z"],
    [4, null],
    [5, null],
  ])("after try %i: %s", (attempts, expected) => {
    expect(retryAtAfter(failedAt, attempts, policy)).toBe(expected);
  });
});
