import { spawn } from "node:child_process";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import type { BookRequest } from "../../src/services/booking/book-appointment.service.js";
import type { Store } from "../../src/store/database.js";
import { newTreatmentScene, SCENE_NOW } from "../booking-scene.js";
import { describeEachDatabase } from "../databases.js";

const WORKER = join(import.meta.dirname, "booking-race-worker.ts");
const ROOT = join(import.meta.dirname, "..", "..");

interface Outcome {
  patientId: string;
  startsAt: string;
  outcome: string;
}

function runWorker(job: object): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(job)], { cwd: ROOT });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`race worker exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as Outcome[]);
    });
  });
}

/** Splits the attempts between two processes that start firing at the same instant. */
async function race(ctx: { url: string; schema: string | undefined }, attempts: BookRequest[]) {
  const startAt = Date.now() + 2_500;
  const half = (i: number) => attempts.filter((_, n) => n % 2 === i);
  const base = { url: ctx.url, ...(ctx.schema ? { schema: ctx.schema } : {}), now: SCENE_NOW, startAt };
  const results = await Promise.all([
    runWorker({ ...base, attempts: half(0) }),
    runWorker({ ...base, attempts: half(1) }),
  ]);
  return results.flat();
}

/** Pairs of live holds on one resource that overlap in time: there must never be any. */
async function overlappingHolds(store: Store): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from resource_hold a join resource_hold b
      on a.resource_id = b.resource_id and a.booking_id < b.booking_id
     and a.starts_at < b.ends_at and b.starts_at < a.ends_at`.execute(store.db);
  return Number(rows[0]?.n ?? -1);
}

describeEachDatabase("booking races between two processes", (ctx) => {
  it("64 attempts at 8 times with one provider: exactly one wins each time, the rest get slot_taken", {
    timeout: 90_000,
  }, async () => {
    const s = await newTreatmentScene(ctx.store);
    const patients = await Promise.all(Array.from({ length: 64 }, () => s.addPatient()));
    const times = ["2030-01-07", "2030-01-08"].flatMap((day) =>
      ["14:00", "16:00", "18:00", "20:00"].map((utc) => `${day}T${utc}:00Z`),
    );
    const attempts = patients.map((patient, i) => ({
      clinicId: s.clinic.id,
      patientId: patient.id,
      serviceCode: "microneedling",
      startsAt: times[i % times.length] ?? "",
      providerId: s.providers[0]?.id,
    }));
    const outcomes = await race(ctx, attempts);
    expect(outcomes).toHaveLength(64);
    const booked = outcomes.filter((o) => o.outcome === "booked");
    expect(new Set(booked.map((o) => o.startsAt))).toEqual(new Set(times));
    expect(booked).toHaveLength(times.length);
    expect(outcomes.filter((o) => o.outcome !== "booked").every((o) => o.outcome === "slot_taken")).toBe(
      true,
    );
    expect(await overlappingHolds(ctx.store)).toBe(0);
  });

  it("pairs of one patient's bookings 7 days apart, one in each process: never both (the interval holds)", {
    timeout: 90_000,
  }, async () => {
    const s = await newTreatmentScene(ctx.store);
    const patients = await Promise.all(Array.from({ length: 24 }, () => s.addPatient()));
    // Each patient has a time of their own (a provider, a Monday or Tuesday, a time of day) and
    // asks for it twice, a week apart: the resources never clash, only the protocol's interval.
    const times = ["14:00", "15:15", "16:30", "17:45", "19:00", "20:15"];
    const attempts = patients.flatMap((patient, i) => {
      const day = 7 + Math.floor(i / 12);
      const at = (d: number) => `2030-01-${String(d).padStart(2, "0")}T${times[i % 6]}:00Z`;
      const common = {
        clinicId: s.clinic.id,
        patientId: patient.id,
        serviceCode: "microneedling",
        providerId: s.providers[Math.floor(i / 6) % 2]?.id,
      };
      // Even positions go to the first process, odd ones to the second.
      return [
        { ...common, startsAt: at(day) },
        { ...common, startsAt: at(day + 7) },
      ];
    });
    const outcomes = await race(ctx, attempts);
    expect(outcomes).toHaveLength(48);
    const unexpected = outcomes.filter((o) => o.outcome.startsWith("unexpected"));
    expect(unexpected).toEqual([]);
    for (const patient of patients) {
      const mine = outcomes.filter((o) => o.patientId === patient.id);
      expect(
        mine.filter((o) => o.outcome === "booked"),
        patient.id,
      ).toHaveLength(1);
      expect(mine.filter((o) => o.outcome !== "booked").map((o) => o.outcome)).toEqual([
        expect.stringMatching(/^too_(soon_after_previous|close_to_next)_session$/),
      ]);
    }
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from booking where clinic_id = ${s.clinic.id} and status = 'booked'`.execute(
      ctx.store.db,
    );
    expect(Number(rows[0]?.n)).toBe(24);
  });

  it("one RF device shared by two providers: one RF booking per time, the device decides", {
    timeout: 90_000,
  }, async () => {
    const s = await newTreatmentScene(ctx.store);
    const patients = await Promise.all(Array.from({ length: 32 }, () => s.addPatient()));
    const times = ["14:00", "16:00", "18:00", "20:00"].map((utc) => `2030-01-09T${utc}:00Z`);
    const attempts = patients.map((patient, i) => ({
      clinicId: s.clinic.id,
      patientId: patient.id,
      serviceCode: "rf_microneedling",
      startsAt: times[i % times.length] ?? "",
    }));
    const outcomes = await race(ctx, attempts);
    const booked = outcomes.filter((o) => o.outcome === "booked");
    expect(booked.map((o) => o.startsAt).sort()).toEqual([...times].sort());
    // The loser learns the device is busy, or (when it lost the commit race itself) that the slot went.
    const refused = outcomes.filter((o) => o.outcome !== "booked").map((o) => o.outcome);
    expect(refused.every((code) => code === "resource_unavailable" || code === "slot_taken")).toBe(true);
    expect(await overlappingHolds(ctx.store)).toBe(0);
  });
});
