import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { DEFAULT_PROTOCOL } from "./default-protocol.js";
import { formatPlanText } from "./plan-text.js";
import { defaultProtocol, parseClinicProtocol, protocolWarnings } from "./protocol-loader.js";
import { planFor } from "./test-support.js";

function messagesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return (error.details as { fields: { path: string; message: string }[] }).fields.map(
        (f) => `${f.path}: ${f.message}`,
      );
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("sunscreen and a hydrating product are advice between treatments", () => {
  it.each(["sunscreen_every_2h_outdoors", "hydrating_product"])("%s has no end", (code) => {
    const item = planFor({}).aftercare.find((a) => a.code === code);
    expect(item).toMatchObject({ fromHours: 0, toHours: null });
  });
  it("the text says every day", () => {
    expect(formatPlanText(planFor({}))).toMatch(/every day\s+Wear sunscreen daily/);
  });
});

describe("clinic protocols merge coded lists by code", () => {
  it("changing one aftercare rule keeps the others", () => {
    const clinic = parseClinicProtocol({
      version: "clinic-1",
      aftercare: [{ code: "no_makeup", toHours: 24 }],
    });
    expect(clinic.aftercare).toHaveLength(defaultProtocol.aftercare.length);
    expect(clinic.aftercare.find((a) => a.code === "no_makeup")).toMatchObject({
      toHours: 24,
      text: "No makeup.",
    });
  });
  it("a new code is added; removing one is explicit", () => {
    const clinic = parseClinicProtocol({
      version: "clinic-2",
      aftercare: [
        { code: "no_retinol_serum", text: "No retinol serum.", fromHours: 0, toHours: 72 },
        { code: "uv_protective_clothing", remove: true },
      ],
      redFlags: { signs: [{ code: "itchy_bumps", remove: true }] },
    });
    const codes = clinic.aftercare.map((a) => a.code);
    expect(codes).toContain("no_retinol_serum");
    expect(codes).not.toContain("uv_protective_clothing");
    expect(codes).toHaveLength(defaultProtocol.aftercare.length);
    expect(clinic.redFlags.signs.map((s) => s.code)).not.toContain("itchy_bumps");
  });
});

describe("a washout below the default's minimum is accepted with a warning", () => {
  it("names the value and the minimum", () => {
    const clinic = parseClinicProtocol({
      version: "clinic-3",
      medications: { topical_retinoid: { days: 3 } },
    });
    expect(protocolWarnings(clinic)).toEqual([
      `medications.topical_retinoid.days is 3, below the default minimum of 7 days (${DEFAULT_PROTOCOL.version}).`,
    ]);
    expect(protocolWarnings(defaultProtocol)).toEqual([]);
  });
});

describe("a clinic version may not reuse a shipped default's version id", () => {
  it.each([DEFAULT_PROTOCOL.version, "regimen-default-2027.1"])("%s is refused", (version) => {
    expect(messagesOf(() => parseClinicProtocol({ version }))[0]).toMatch(/^version: .*reserved/);
  });
});

describe("errors name every value involved, inherited ones too", () => {
  it.each([
    {
      patch: { interval: { targetMaxDays: 20 } },
      says: "interval.targetMaxDays: is 20: must be at least targetMinDays (28)",
    },
    {
      patch: { interval: { minDays: 40 } },
      says: "interval.targetMinDays: is 28: must be at least minDays (40)",
    },
    {
      patch: { aftercare: [{ code: "no_makeup", toHours: 0, fromHours: 5 }] },
      says: 'aftercare[0].toHours: is 0: must not be before fromHours (5) of "no_makeup"',
    },
  ])("$says", ({ patch, says }) => {
    expect(messagesOf(() => parseClinicProtocol({ version: "x", ...patch }))).toContain(says);
  });
});
