import { describe, expect, it } from "vitest";
import type { StoredPlan } from "../api/client";
import { overrideErrorsToForm, overrideRowsOf, overridesToBody } from "./override-form";

const reason = (code: string, effect: "block" | "wait" | "review", accepted = false) => ({
  code,
  kind: "washout" as const,
  effect,
  until: null,
  detail: `${code} detail`,
  override: accepted ? { by: "Dr. A", reason: "seen" } : null,
});

describe("override form", () => {
  it("offers every open reason but blocks, with reviews ticked", () => {
    const plan = {
      eligibility: {
        status: "needs_review",
        reasons: [
          reason("isotretinoin", "review"),
          reason("retinoid", "wait"),
          reason("active_infection", "block"),
          reason("pregnancy", "review", true),
        ],
      },
    } as unknown as StoredPlan;
    const rows = overrideRowsOf(plan);
    expect(rows.map((r) => [r.code, r.accept])).toEqual([
      ["isotretinoin", true],
      ["retinoid", false],
    ]);
  });

  it("requires a reason for each accepted row and sends only those", () => {
    const row = { detail: "", effect: "review" as const };
    const refused = overridesToBody({
      overrides: [
        { ...row, code: "a", accept: true, reason: "  " },
        { ...row, code: "b", accept: false, reason: "" },
        { ...row, code: "c", accept: true, reason: "x".repeat(1001) },
      ],
    });
    expect(refused).toEqual({
      ok: false,
      errors: { "overrides.0.reason": "Write why you accept this", "overrides.2.reason": expect.any(String) },
    });
    const sent = overridesToBody({
      overrides: [
        { ...row, code: "a", accept: false, reason: "" },
        { ...row, code: "b", accept: true, reason: " stopped in March " },
      ],
    });
    expect(sent).toEqual({
      ok: true,
      body: { overrides: [{ code: "b", reason: "stopped in March" }] },
      rowOfBody: [1],
    });
  });

  it("puts the server's messages on the row they came from", () => {
    expect(
      overrideErrorsToForm(
        { "overrides[0].reason": "is too long", "overrides[1]": "no", other: "x" },
        [2, 4],
      ),
    ).toEqual({ "overrides.2.reason": "is too long", "overrides.4.reason": "no", other: "x" });
  });
});
