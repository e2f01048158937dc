import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "regimen-cli-routine-"));

function regimen(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CASE = {
  asOf: "2026-12-01",
  timeZone: "America/New_York",
  desiredStartOn: "2026-12-10",
  concerns: [{ code: "acne_scars", severity: "moderate" }],
  skinType: "V",
  routine: [
    { kind: "retinoid", times: ["evening"] },
    { kind: "sunscreen", times: ["morning"] },
  ],
};

describe("regimen plan with a skin type and a routine (a real child process)", () => {
  const input = join(dir, "case.json");
  writeFileSync(input, JSON.stringify(CASE));

  it("gives the routine's pauses around every session in the JSON", () => {
    const { code, stdout, stderr } = regimen(["plan", "--input", input]);
    expect(code, stderr).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.skinType).toMatchObject({ skinType: "V", pihRisk: true });
    const [retinoid, sunscreen] = plan.routine;
    expect(retinoid.pauses).toHaveLength(plan.sessions.length);
    expect(retinoid.pauses[0]).toMatchObject({ stopOn: "2026-12-03", resumeOn: "2026-12-24" });
    expect(sunscreen.pauses).toEqual([]);
  });

  it("tells the patient about their skin and the routine in text", () => {
    const { code, stdout, stderr } = regimen(["plan", "--input", input, "--format", "text"]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("Your skin (type V):");
    expect(stdout).toContain("Your skincare between sessions:");
    expect(stdout).toContain("stop on 2026-12-03, use again from 2026-12-24 (session 1)");
  });
});
