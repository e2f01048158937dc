import { describe, expect, it } from "vitest";
import { consentStanding, requiredConsentKinds } from "./consent.js";

describe("consent", () => {
  it.each([
    [{ isTreatment: false, addOn: null }, []],
    [{ isTreatment: true, addOn: null }, ["microneedling"]],
    [{ isTreatment: true, addOn: "prp" }, ["microneedling", "prp"]],
    [{ isTreatment: true, addOn: "rf" }, ["microneedling", "rf"]],
  ] as const)("a service %j needs %j signed", (service, kinds) => {
    expect(requiredConsentKinds(service)).toEqual(kinds);
  });

  it("tells signed, outdated and missing forms apart, by the latest version signed", () => {
    const current = { microneedling: 2, prp: 1, rf: 3 };
    const signed = [
      { kind: "microneedling" as const, templateVersion: 1 },
      { kind: "microneedling" as const, templateVersion: 2 },
      { kind: "rf" as const, templateVersion: 2 },
    ];
    expect(consentStanding(["microneedling", "prp", "rf"], current, signed)).toEqual([
      { kind: "microneedling", status: "signed", currentVersion: 2, signedVersion: 2 },
      { kind: "prp", status: "missing", currentVersion: 1, signedVersion: null },
      { kind: "rf", status: "outdated", currentVersion: 3, signedVersion: 2 },
    ]);
  });
});
