import { expect, it } from "vitest";
import { findBookingById } from "../../src/store/booking.repository.js";
import { consultationSlotPlan, newTreatmentScene } from "../booking-scene.js";
import { describeEachDatabase } from "../databases.js";
import { newActor } from "../http/harness.js";
import { serverDatabaseUrl, startServer } from "./server-process.js";

describeEachDatabase("durability under kill -9", (ctx) => {
  it("every booking acknowledged with 201 survives a SIGKILL mid-load", { timeout: 120_000 }, async () => {
    // The server runs on the real clock: a century-wide horizon reaches the scene's 2030 dates.
    const s = await newTreatmentScene(ctx.store, { maxAdvanceDays: 36_500 });
    const staff = await newActor(ctx.store, { clinicId: s.clinic.id, role: "front_desk" });
    const slots = consultationSlotPlan(
      s.providers.map((p) => p.id),
      600,
      "2030-01-07",
    );
    const patients = await Promise.all(slots.map(() => s.addPatient(null)));
    const server = await startServer(serverDatabaseUrl(ctx));
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < slots.length) {
        const i = next++;
        const slot = slots[i];
        try {
          const res = await fetch(`${server.baseUrl}/api/v1/bookings`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              cookie: staff.headers.cookie,
              origin: server.baseUrl,
            },
            body: JSON.stringify({ patientId: patients[i]?.id, service: "consultation", ...slot }),
          });
          const body = (await res.json()) as { id?: string };
          if (res.status === 201 && body.id) acknowledged.push(body.id);
        } catch {
          return; // the server is gone: whatever was in flight was never acknowledged
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, worker));
    // Kill once the load is well under way, however slow the machine: a fixed wait would kill a
    // server still starting on a busy CI machine, before anything could be acknowledged.
    for (let waited = 0; acknowledged.length <= 20 && waited < 60_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    killed = true;
    await server.stop("SIGKILL");
    await load;
    expect(acknowledged.length).toBeGreaterThan(10);

    const restarted = await startServer(serverDatabaseUrl(ctx));
    try {
      for (const id of acknowledged) {
        expect(await findBookingById(ctx.store.db, s.clinic.id, id), id).toBeDefined();
      }
      const sample = acknowledged.at(-1);
      const res = await fetch(`${restarted.baseUrl}/api/v1/bookings/${sample}`, {
        headers: { cookie: staff.headers.cookie },
      });
      expect(res.status).toBe(200);
    } finally {
      await restarted.stop();
    }
  });
});
