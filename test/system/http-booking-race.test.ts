import { expect, it } from "vitest";
import { newTreatmentScene } from "../booking-scene.js";
import { describeEachDatabase } from "../databases.js";
import { newActor } from "../http/harness.js";
import { type RunningServer, serverDatabaseUrl, startServer } from "./server-process.js";

/**
 * Two app instances on one database, as behind a load balancer: 64 staff requests race for 8
 * slots of one provider. The database decides: one 201 per slot, 409 for everyone else.
 */
describeEachDatabase("two app instances racing over HTTP", (ctx) => {
  it("exactly one 201 per slot, the rest 409", { timeout: 120_000 }, async () => {
    // The server runs on the real clock: a century-wide horizon reaches the scene's 2030 dates.
    const s = await newTreatmentScene(ctx.store, { maxAdvanceDays: 36_500 });
    const patients = await Promise.all(Array.from({ length: 64 }, () => s.addPatient()));
    const staff = await newActor(ctx.store, { clinicId: s.clinic.id, role: "front_desk" });
    const times = ["2030-01-07", "2030-01-08"].flatMap((day) =>
      ["14:00", "16:00", "18:00", "20:00"].map((utc) => `${day}T${utc}:00Z`),
    );
    const servers: RunningServer[] = [];
    try {
      servers.push(await startServer(serverDatabaseUrl(ctx)), await startServer(serverDatabaseUrl(ctx)));
      const responses = await Promise.all(
        patients.map(async (patient, i) => {
          const server = servers[i % 2] as RunningServer;
          const res = await fetch(`${server.baseUrl}/api/v1/bookings`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              cookie: staff.headers.cookie,
              origin: server.baseUrl,
            },
            body: JSON.stringify({
              patientId: patient.id,
              service: "microneedling",
              startsAt: times[i % times.length],
              providerId: s.providers[0]?.id,
            }),
          });
          return { status: res.status, body: (await res.json()) as { code?: string; startsAt?: string } };
        }),
      );
      const created = responses.filter((r) => r.status === 201);
      expect(created.map((r) => r.body.startsAt).sort()).toEqual([...times].sort());
      const refused = responses.filter((r) => r.status !== 201);
      expect(refused.map((r) => `${r.status} ${r.body.code}`)).toEqual(Array(56).fill("409 slot_taken"));
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });
});
