import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Clinic, Patient } from "../../src/domain/clinic/types.js";
import { listAuditEntries } from "../../src/store/audit.repository.js";
import { insertBooking } from "../../src/store/booking.repository.js";
import { FilePhotoStorage } from "../../src/store/photo-storage.js";
import { describeEachDatabase } from "../databases.js";
import { CREATED_AT, newClinic, newPatient, newProvider, newService } from "../factories.js";
import { type Actor, expectProblem, movableClock, newActor, patientActor, testApp } from "./harness.js";

/** A multipart/form-data body with text fields and at most one file, as a browser sends it. */
function form(fields: Record<string, string>, file?: { name?: string; bytes: Buffer; type?: string }) {
  const boundary = `----regimen${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name ?? "file"}"; filename="photo.jpg"\r\nContent-Type: ${file.type ?? "image/jpeg"}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from("\r\n"),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A JPEG a phone could have taken, with its GPS location in the EXIF block. */
function jpegWithLocation(width = 1200, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#d9a38f" } })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneCo", Model: "Phone 12" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "40/1 26/1 46/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "79/1 58/1 56/1",
      },
    })
    .toBuffer();
}

describeEachDatabase("clinical photos over HTTP", (db) => {
  let app: FastifyInstance;
  const clock = movableClock();
  let dir: string;
  let clinic: Clinic;
  let patient: Patient;
  let self: Actor;
  let provider: Actor;
  let bookingId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "regimen-photos-"));
    app = testApp(db.store, { clock, photos: new FilePhotoStorage(dir) });
    await app.ready();
    clinic = await newClinic(db.store);
    const providerRow = await newProvider(db.store, clinic.id);
    const service = await newService(db.store, clinic.id, { code: "microneedling" });
    patient = await newPatient(db.store, clinic.id);
    self = await patientActor(db.store, clinic, patient);
    provider = await newActor(db.store, {
      clinicId: clinic.id,
      role: "provider",
      providerId: providerRow.id,
    });
    const booking = await insertBooking(db.store.db, {
      clinicId: clinic.id,
      patientId: patient.id,
      serviceId: service.id,
      providerId: providerRow.id,
      startsAt: "2029-12-20T15:00:00Z",
      endsAt: "2029-12-20T16:00:00Z",
      createdAt: CREATED_AT,
    });
    bookingId = booking.id;
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = (actor: Actor, body: ReturnType<typeof form>, patientId = patient.id) =>
    app.inject({
      method: "POST",
      url: `/api/v1/patients/${patientId}/photos`,
      headers: { ...actor.headers, "content-type": body.contentType },
      payload: body.payload,
    });
  const get = (actor: Actor, url: string) => app.inject({ method: "GET", url, headers: actor.headers });

  it("re-encodes the upload without its EXIF location, stores it by content hash, and makes a thumbnail", async () => {
    const original = await jpegWithLocation();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(
      provider,
      form({ angle: "front", taken: "before", bookingId }, { bytes: original }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json();
    expect(photo).toMatchObject({
      patientId: patient.id,
      bookingId,
      angle: "front",
      taken: "before",
      mediaType: "image/jpeg",
      width: 1200,
      height: 900,
    });

    const full = await get(self, `/api/v1/patients/${patient.id}/photos/${photo.id}/original`);
    expect(full.statusCode).toBe(200);
    expect(full.headers["content-type"]).toBe("image/jpeg");
    const stored = full.rawPayload;
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from("PhoneCo"))).toBe(false);
    // Named by its SHA-256 under the photo folder.
    const { createHash } = await import("node:crypto");
    const key = createHash("sha256").update(stored).digest("hex");
    expect((await readFile(join(dir, key.slice(0, 2), key))).equals(stored)).toBe(true);

    const thumb = await get(provider, `/api/v1/patients/${patient.id}/photos/${photo.id}/thumbnail`);
    expect(thumb.statusCode).toBe(200);
    const thumbMeta = await sharp(thumb.rawPayload).metadata();
    expect(Math.max(thumbMeta.width ?? 0, thumbMeta.height ?? 0)).toBe(320);

    const audit = await listAuditEntries(db.store.db, {
      clinicId: clinic.id,
      patientId: patient.id,
      limit: 100,
    });
    const views = audit.filter((e) => e.action === "photo.view");
    // The patient's own view is not audited; the provider's is, naming the photo.
    expect(views.map((e) => [e.actorId, e.target])).toEqual([
      [provider.account.id, { type: "photo", id: photo.id }],
    ]);
  });

  it("accepts PNG and WebP, and refuses by content what is not an image, naming the file", async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 4, background: "#fff" } })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#fff" } })
      .webp()
      .toBuffer();
    expect(
      (await upload(self, form({ angle: "left_45", taken: "after" }, { bytes: png, type: "image/png" })))
        .statusCode,
    ).toBe(201);
    expect((await upload(self, form({ angle: "left_45", taken: "after" }, { bytes: webp }))).statusCode).toBe(
      201,
    );

    const fake = expectProblem(
      await upload(
        self,
        form({ angle: "front", taken: "after" }, { bytes: Buffer.from("%PDF-1.7 not a photo at all") }),
      ),
      415,
      "unsupported_media_type",
    );
    expect(fake.errors?.map((e) => e.path)).toEqual(["file"]);
    const noFile = expectProblem(await upload(self, form({ angle: "front", taken: "after" })), 400);
    expect(noFile.errors?.map((e) => e.path)).toEqual(["file"]);
    const badAngle = expectProblem(
      await upload(self, form({ angle: "top", taken: "later" }, { bytes: png })),
      400,
    );
    expect(badAngle.errors?.map((e) => e.path).sort()).toEqual(["angle", "taken"]);
    const otherBooking = expectProblem(
      await upload(self, form({ angle: "front", taken: "after", bookingId: randomUUID() }, { bytes: png })),
      400,
    );
    expect(otherBooking.errors?.map((e) => e.path)).toEqual(["bookingId"]);
    const json = await app.inject({
      method: "POST",
      url: `/api/v1/patients/${patient.id}/photos`,
      headers: self.headers,
      payload: { angle: "front" },
    });
    expectProblem(json, 415);
  });

  it("refuses a photo over the size limit with 413", async () => {
    const huge = Buffer.concat([await jpegWithLocation(64, 64), Buffer.alloc(16 * 1024 * 1024)]);
    expectProblem(await upload(self, form({ angle: "front", taken: "before" }, { bytes: huge })), 413);
  });

  it("lists photos, pairs before and after per angle, and hides them from anyone else", async () => {
    const p = await newPatient(db.store, clinic.id);
    const actor = await patientActor(db.store, clinic, p);
    const png = await sharp({ create: { width: 30, height: 30, channels: 3, background: "#abc" } })
      .png()
      .toBuffer();
    const before = (
      await upload(actor, form({ angle: "right_90", taken: "before" }, { bytes: png }), p.id)
    ).json();
    clock.advance(60);
    const after = (
      await upload(provider, form({ angle: "right_90", taken: "after" }, { bytes: png }), p.id)
    ).json();
    const list = await get(actor, `/api/v1/patients/${p.id}/photos`);
    expect(list.json().photos.map((x: { id: string; uploadedAt: string }) => [x.id, x.uploadedAt])).toEqual([
      [before.id, before.uploadedAt],
      [after.id, after.uploadedAt],
    ]);
    const compared = await get(provider, `/api/v1/patients/${p.id}/photos/compare?angle=right_90`);
    expect(compared.statusCode, compared.body).toBe(200);
    expect(compared.json()).toMatchObject({
      angle: "right_90",
      overall: { before: { id: before.id }, after: { id: after.id } },
      sessions: [{ bookingId: null, before: { id: before.id }, after: { id: after.id } }],
    });
    expectProblem(await get(provider, `/api/v1/patients/${p.id}/photos/compare?angle=up`), 400);

    // Another patient of the clinic, and another clinic's staff: the same 404 as no photo.
    expectProblem(await get(self, `/api/v1/patients/${p.id}/photos/${before.id}/original`), 404);
    const elsewhere = await newClinic(db.store);
    const foreign = await newActor(db.store, { clinicId: elsewhere.id, role: "admin" });
    expectProblem(await get(foreign, `/api/v1/patients/${p.id}/photos/${before.id}/original`), 404);
    expectProblem(await get(self, `/api/v1/patients/${patient.id}/photos/${before.id}/original`), 404);
  });
});
