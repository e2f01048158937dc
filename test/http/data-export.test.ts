import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { describeEachDatabase } from "../databases.js";
import { regimen } from "../ops/cli-process.js";
import { serverDatabaseUrl } from "../system/server-process.js";
import { testApp } from "./harness.js";
import { headersOf, newScene, type Scene } from "./scene.js";

/** The files of a zip, by name: enough of the format (stored or deflated entries) to check ours. */
function unzip(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + compressed);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** RFC 4180 lines into cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

describeEachDatabase("data export", (db) => {
  let app: FastifyInstance;
  let scene: Scene;

  beforeAll(async () => {
    app = testApp(db.store);
    await app.ready();
    scene = await newScene(db.store, app);
    // A patient name a spreadsheet would run as a formula, with a comma and a quote in it.
    await app.inject({
      method: "PATCH",
      url: `/api/v1/patients/${scene.own.patient.id}`,
      headers: headersOf(scene, "patient:self"),
      payload: { name: '=HYPERLINK("x"), Jo' },
    });
    await app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: headersOf(scene, "front_desk"),
      payload: { patientId: scene.own.patient.id, service: "consultation", startsAt: "2030-03-04T14:00:00Z" },
    });
  });
  afterAll(() => app.close());

  it("gives the admin the whole clinic as a zip of CSV files and clinic.json, and audits it", async () => {
    const res = await app.inject({
      url: `/api/v1/clinics/${scene.own.clinic.slug}/export`,
      headers: headersOf(scene, "admin"),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename=".+-export-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const files = unzip(res.rawPayload);
    expect([...files.keys()]).toEqual([
      "clinic.json",
      "patients.csv",
      "intakes.csv",
      "plans.csv",
      "bookings.csv",
      "audit.csv",
    ]);
    const about = JSON.parse(files.get("clinic.json") as string);
    expect(about.clinic.slug).toBe(scene.own.clinic.slug);

    const patients = parseCsv(files.get("patients.csv") as string);
    expect(patients[0]).toEqual(["id", "name", "email", "phone", "time_zone", "created_at"]);
    const own = patients.find((row) => row[0] === scene.own.patient.id);
    expect(own?.[1]).toBe(`'=HYPERLINK("x"), Jo`);
    // Only this clinic's rows: the other clinic's patient is not there.
    expect(patients.some((row) => row[0] === scene.foreign.patient.id)).toBe(false);

    const bookings = parseCsv(files.get("bookings.csv") as string);
    expect(
      bookings.find((row) => row[1] === scene.own.patient.id && row[6] === "2030-03-04T14:00:00Z"),
    ).toBeDefined();
    const intakes = parseCsv(files.get("intakes.csv") as string);
    expect(intakes.length).toBeGreaterThan(1);
    expect(JSON.parse(intakes[1]?.[3] as string)).toHaveProperty("concerns");

    const audit = await listAuditEntries(db.store.db, { clinicId: scene.own.clinic.id, limit: 1000 });
    expect(audit.some((entry) => entry.action === "clinic.export")).toBe(true);
  });

  it("writes the same zip from the command line, with progress and a summary, audited as the operator's", {
    timeout: 60_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "regimen-export-"));
    try {
      const out = join(dir, "clinic.zip");
      const result = await regimen(["export", "--clinic", scene.own.clinic.slug, "--out", out], {
        DATABASE_URL: serverDatabaseUrl(db),
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(
        new RegExp(`^export: \\d+ rows of ${scene.own.clinic.slug} written to `, "m"),
      );
      const files = unzip(await readFile(out));
      expect(
        parseCsv(files.get("patients.csv") as string).some((row) => row[0] === scene.own.patient.id),
      ).toBe(true);
      const audit = await listAuditEntries(db.store.db, { clinicId: scene.own.clinic.id, limit: 1000 });
      expect(audit).toContainEqual(
        expect.objectContaining({ action: "clinic.export", actorId: null, actorRole: "operator" }),
      );
      const unknown = await regimen(["export", "--clinic", "no-such-clinic", "--out", out], {
        DATABASE_URL: serverDatabaseUrl(db),
      });
      expect(unknown.code).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("gives a patient their own record as JSON, and no one else's", async () => {
    const res = await app.inject({
      url: `/api/v1/patients/${scene.own.patient.id}/export`,
      headers: headersOf(scene, "patient:self"),
    });
    expect(res.statusCode).toBe(200);
    const record = res.json();
    expect(record.patient).toMatchObject({ id: scene.own.patient.id, name: '=HYPERLINK("x"), Jo' });
    expect(record.bookings).toContainEqual(expect.objectContaining({ startsAt: "2030-03-04T14:00:00Z" }));
    expect(record.intakes.length).toBeGreaterThan(0);
    expect(record.intakes[0].data).toHaveProperty("concerns");

    const other = await app.inject({
      url: `/api/v1/patients/${scene.own.patient.id}/export`,
      headers: headersOf(scene, "patient:other"),
    });
    expect(other.statusCode).toBe(404);
  });
});
