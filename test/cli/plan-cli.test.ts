import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "regimen-cli-"));

function regimen(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const CASE = {
  asOf: "2026-12-01",
  timeZone: "America/New_York",
  desiredStartOn: "2026-12-10",
  concerns: [{ code: "acne_scars", severity: "moderate" }],
  medications: [
    { code: "topical_retinoid", ongoing: true },
    { code: "isotretinoin", lastTakenOn: "2026-06-01" },
  ],
  recentProcedures: [{ code: "botox", on: "2026-11-28" }],
  conditions: ["cold_sore_history"],
  addOns: ["prp"],
};

describe("regimen plan (a real child process)", () => {
  it("prints the plan as JSON by default", () => {
    const { code, stdout } = regimen(["plan", "--input", file("case.json", CASE)]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.protocolVersion).toBe("regimen-default-2026.1");
    expect(plan.earliestStartOn).toBe("2026-12-12");
    expect(plan.sessions).toHaveLength(3);
  });

  it("reads standard input with --input - and prints text for a person", () => {
    const { code, stdout } = regimen(["plan", "--input", "-", "--format", "text"], JSON.stringify(CASE));
    expect(code).toBe(0);
    expect(stdout).toContain("Your series: 3 sessions");
    expect(stdout).toContain("First possible session: 2026-12-12");
  });

  it("warns on standard error about a washout below the default's minimum, and still plans", () => {
    const protocol = file("short.json", { version: "clinic-short", medications: { nsaid: { days: 1 } } });
    const { code, stdout, stderr } = regimen([
      "plan",
      "--input",
      file("case3.json", CASE),
      "--protocol",
      protocol,
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain("warning: medications.nsaid.days is 1, below the default minimum of 3 days");
    expect(JSON.parse(stdout)).toMatchObject({ protocolVersion: "clinic-short" });
  });

  it("gives the clinic's phone for red flags when told it", () => {
    const { code, stdout } = regimen(
      ["plan", "--input", "-", "--format", "text", "--clinic-phone", "+1 212 555 0100"],
      JSON.stringify(CASE),
    );
    expect(code).toBe(0);
    expect(stdout).toContain("Call the clinic at +1 212 555 0100 right away if you notice:");
  });

  it("uses a clinic protocol", () => {
    const protocol = file("clinic.json", {
      version: "clinic-9",
      // The case's concern is acne scars: corrective, counted in the corrective table.
      series: { correctiveSessionsBySeverity: { moderate: 4 } },
    });
    const { code, stdout } = regimen(["plan", "--input", file("case2.json", CASE), "--protocol", protocol]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ protocolVersion: "clinic-9" });
    expect(JSON.parse(stdout).sessions).toHaveLength(4);
  });

  it.each([
    [
      { ...CASE, concerns: [{ code: "acne_scar", severity: "moderate" }] },
      'concerns[0].code: unknown concern "acne_scar" (did you mean "acne_scars"?)',
    ],
    [{ ...CASE, asOf: "2026-13-01" }, 'asOf: "2026-13-01" is not a valid date'],
    [
      { ...CASE, medications: [{ code: "nsaid", ongoing: true, lastTakenOn: "2026-11-01" }] },
      "medications[0].lastTakenOn: give either ongoing: true or lastTakenOn, not both",
    ],
    [{ ...CASE, smoker: true }, "smoker: unknown field"],
    ["{ not json", "--input: not valid JSON"],
  ])("bad input exits 2 naming the field (case %#)", (input, message) => {
    const { code, stderr, stdout } = regimen(["plan", "--input", file("bad.json", input)]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    [["plan"], "--input is required"],
    [["plan", "--input", join(dir, "missing.json")], "cannot read"],
    [["plan", "--input", "-", "--format", "pdf"], '--format: must be json or text, not "pdf"'],
    [["plan", "--bogus"], "Unknown option"],
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["plan", "--input", "-", "--protocol", "-"], "cannot both read standard input"],
  ])("usage mistakes exit 2: %j", (args, message) => {
    const { code, stderr } = regimen(args, "{}");
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("an invalid clinic protocol exits 2 naming the path", () => {
    const protocol = file("bad-protocol.json", { version: "x", interval: { minDays: 0 } });
    const { code, stderr } = regimen(["plan", "--input", file("case3.json", CASE), "--protocol", protocol]);
    expect(code).toBe(2);
    expect(stderr).toContain("interval.minDays");
  });
});
