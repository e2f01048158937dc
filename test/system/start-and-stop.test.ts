import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { consultationSlotPlan, newTreatmentScene } from "../booking-scene.js";
import { describeEachDatabase } from "../databases.js";
import { newActor } from "../http/harness.js";
import { serverDatabaseUrl, startServer } from "./server-process.js";

const ROOT = join(import.meta.dirname, "..", "..");

/** `npm start` with these settings; it must stop before listening. */
function startWith(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NODE_ENV: "test", PORT: "0", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeEachDatabase("starting and stopping the server", (ctx) => {
  it("on SIGTERM during a booking burst, answers what is in flight and stores every booking it answered", {
    timeout: 120_000,
  }, async () => {
    const s = await newTreatmentScene(ctx.store, { maxAdvanceDays: 36_500 });
    const staff = await newActor(ctx.store, { clinicId: s.clinic.id, role: "front_desk" });
    const slots = consultationSlotPlan(
      s.providers.map((p) => p.id),
      400,
      "2030-02-04",
    );
    const patients = await Promise.all(slots.map(() => s.addPatient(null)));
    const server = await startServer(serverDatabaseUrl(ctx));
    let output = "";
    server.child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const acknowledged: string[] = [];
    let next = 0;
    let signalled = false;
    /** Patients whose request, sent before the signal, ended in a network error. */
    const cutBeforeSignal: string[] = [];
    const worker = async () => {
      while (next < slots.length) {
        const i = next++;
        const sentAfterSignal = signalled;
        try {
          const res = await fetch(`${server.baseUrl}/api/v1/bookings`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              cookie: staff.headers.cookie,
              origin: server.baseUrl,
            },
            body: JSON.stringify({ patientId: patients[i]?.id, service: "consultation", ...slots[i] }),
          });
          const body = (await res.json()) as { id?: string };
          if (res.status === 201 && body.id) acknowledged.push(body.id);
        } catch {
          // Refused connections after the signal are expected: the server no longer accepts.
          if (!sentAfterSignal) cutBeforeSignal.push(patients[i]?.id ?? "");
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, worker));
    while (acknowledged.length < 20) await new Promise((resolve) => setTimeout(resolve, 25));
    signalled = true;
    await server.stop("SIGTERM");
    await load;

    expect(server.child.exitCode, output).toBe(0);
    expect(output).toContain("SIGTERM: closing");
    expect(output).toContain("Closed");
    // Finished well within the grace period: no connection had to be cut.
    expect(output).not.toContain("Grace period over");
    const stored = await ctx.store.db
      .selectFrom("booking")
      .select("id")
      .where("clinic_id", "=", s.clinic.id)
      .execute();
    // Every answered booking is stored, and nothing was stored without its answer going out.
    expect(stored.map((row) => row.id).sort()).toEqual([...acknowledged].sort());
    // A request sent before the signal can still fail: sent on a kept-alive connection at the
    // moment the server closed it as idle, it never reached the server. HTTP/1.1 leaves that race
    // to the client, which sends it again with the same Idempotency-Key. Such a request must
    // have left nothing behind; one the server had read would have been answered (above, no
    // connection was cut for the grace period).
    if (cutBeforeSignal.length > 0) {
      const left = await ctx.store.db
        .selectFrom("booking")
        .select("id")
        .where("patient_id", "in", cutBeforeSignal)
        .execute();
      expect(left).toEqual([]);
    }
  });

  it.each([
    ["PORT", { PORT: "eighty" } as Record<string, string>],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
    ["DATABASE_URL", { DATABASE_URL: "mysql://db/regimen" }],
    ["DATABASE_URL", { DATABASE_URL: "postgres://nobody:secret@127.0.0.1:1/regimen" }],
  ])("stops the start with one line naming %s", (name, env) => {
    if (ctx.dialect === "postgres" && env.DATABASE_URL === undefined) return;
    const { code, stdout, stderr } = startWith(env);
    expect(code).toBe(1);
    expect(stdout).not.toContain("listening");
    const lines = stderr.trimEnd().split("\n");
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Regimen failed to start: .*${name}`));
    expect(stderr).not.toContain("secret");
  });
});
