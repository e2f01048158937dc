import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireServerLock } from "../../src/ops/server-lock.js";
import { insertBooking } from "../../src/store/booking.repository.js";
import { openDatabase, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { withWriteTransaction } from "../../src/store/transaction.js";
import { newTreatmentScene } from "../booking-scene.js";
import { CREATED_AT } from "../factories.js";
import { type Actor, newActor, testApp } from "../http/harness.js";
import { ensureBtreeGist, isCi, probePostgres, testDatabaseUrl } from "../postgres.js";
import { regimen } from "./cli-process.js";

const postgres = await probePostgres(testDatabaseUrl());
const BOOKINGS = 3000;

/** Moving a clinic from its SQLite file to PostgreSQL: the copy must serve exactly as the original. */
(postgres.available || isCi() ? describe : describe.skip)("regimen copy-database", () => {
  let dir: string;
  let sqlitePath: string;
  let source: Store;
  let target: Store;
  const schema = `test_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  let scene: Awaited<ReturnType<typeof newTreatmentScene>>;
  let staff: Actor;
  const patientIds: string[] = [];

  beforeAll(async () => {
    if (!postgres.available) throw new Error("CI=true: PostgreSQL is unreachable");
    await ensureBtreeGist(postgres.url);
    dir = await mkdtemp(join(tmpdir(), "regimen-copy-"));
    sqlitePath = join(dir, "clinic.db");
    source = await openDatabase(`file:${sqlitePath}`);
    await migrateToLatest(source);
    scene = await newTreatmentScene(source, { maxAdvanceDays: 36_500 });
    staff = await newActor(source, { clinicId: scene.clinic.id, role: "front_desk" });
    for (let i = 0; i < 300; i++) patientIds.push((await scene.addPatient()).id);
    await scene.addPlan(scene.patient.id);
    // A few thousand consultations, each provider in their own room every half hour of a weekday.
    await withWriteTransaction(source, async (trx) => {
      let n = 0;
      for (let day = 0; n < BOOKINGS; day++) {
        const date = Temporal.PlainDate.from("2030-01-07").add({ days: day });
        if (date.dayOfWeek > 5) continue;
        for (let half = 0; half < 16 && n < BOOKINGS; half++) {
          const startsAt = Temporal.Instant.from(`${date}T14:00:00Z`).add({ minutes: 30 * half });
          for (let p = 0; p < 2 && n < BOOKINGS; p++, n++) {
            await insertBooking(trx, {
              clinicId: scene.clinic.id,
              patientId: patientIds[n % patientIds.length] as string,
              serviceId: scene.services.consultation.id,
              providerId: scene.providers[p]?.id as string,
              roomId: scene.rooms[p]?.id ?? null,
              startsAt: startsAt.toString(),
              endsAt: startsAt.add({ minutes: 30 }).toString(),
              createdAt: CREATED_AT,
            });
          }
        }
      }
    });
    target = await openDatabase(postgres.url, { schema, maxConnections: 4 });
    await sql`create schema ${sql.id(schema)}`.execute(target.db);
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    if (target) {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(target.db);
      await target.close();
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const targetUrl = () => {
    const url = new URL(postgres.available ? postgres.url : "postgres://x");
    url.searchParams.set("schema", schema);
    return url.toString();
  };

  it("refuses while a server has the SQLite file open", { timeout: 60_000 }, async () => {
    const lock = acquireServerLock(sqlitePath, "2030-01-02T15:00:00Z");
    try {
      const result = await regimen(["copy-database", "--to", targetUrl()], {
        DATABASE_URL: `file:${sqlitePath}`,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/refusing to copy .*server \(pid \d+/);
    } finally {
      lock.release();
    }
  });

  it("copies every table, verified, and the copy answers as the original", { timeout: 180_000 }, async () => {
    const result = await regimen(["copy-database", "--to", targetUrl()], {
      DATABASE_URL: `file:${sqlitePath}`,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/copy: \d+ rows in \d+ tables copied and verified/);
    expect(result.stdout).toMatch(new RegExp(`booking\\s+${BOOKINGS}\\s`));

    const original = testApp(source);
    const copy = testApp(target);
    try {
      const same = async (url: string) => {
        const [a, b] = await Promise.all([
          original.inject({ url, headers: staff.headers }),
          copy.inject({ url, headers: staff.headers }),
        ]);
        expect(a.statusCode, `${url}: ${a.body}`).toBe(200);
        expect(b.statusCode, url).toBe(200);
        expect(b.json(), url).toEqual(a.json());
        return a.json();
      };
      const slug = scene.clinic.slug;
      // The week the bookings run out (full days, then a part-booked Thursday, then a free Friday)
      // and a free week: both must offer the same slots.
      const partBooked = await same(
        `/api/v1/clinics/${slug}/slots?service=consultation&from=2030-05-13T00:00:00Z&to=2030-05-20T00:00:00Z`,
      );
      const free = await same(
        `/api/v1/clinics/${slug}/slots?service=consultation&from=2031-03-03T00:00:00Z&to=2031-03-10T00:00:00Z`,
      );
      const countOf = (body: unknown) => JSON.stringify(body).split('"startsAt"').length - 1;
      expect(countOf(partBooked)).toBeGreaterThan(0);
      expect(countOf(partBooked)).toBeLessThan(countOf(free));
      for (const id of [scene.patient.id, ...patientIds.slice(0, 5), patientIds.at(-1) as string]) {
        await same(`/api/v1/patients/${id}/bookings`);
        await same(`/api/v1/patients/${id}/timeline`);
      }
    } finally {
      await original.close();
      await copy.close();
    }
  });

  it("refuses a target that is not empty", { timeout: 60_000 }, async () => {
    const again = await regimen(["copy-database", "--to", targetUrl()], {
      DATABASE_URL: `file:${sqlitePath}`,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/refusing to copy: the target is not empty \(\w+ has \d+ rows\)/);
  });
});
