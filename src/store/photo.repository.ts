import { randomUUID } from "node:crypto";
import type { PhotoAngle, PhotoRecord, PhotoTaken } from "../domain/clinical/photos.js";
import { fromDbInstant, toDbInstant } from "./codec.js";
import type { Executor, SessionPhotoRow } from "./schema.js";

export interface StoredPhoto extends PhotoRecord {
  clinicId: string;
  originalKey: string;
  thumbnailKey: string;
}

export async function insertPhoto(db: Executor, input: Omit<StoredPhoto, "id">): Promise<StoredPhoto> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    patient_id: input.patientId,
    booking_id: input.bookingId,
    angle: input.angle,
    taken: input.taken,
    original_key: input.originalKey,
    thumbnail_key: input.thumbnailKey,
    media_type: input.mediaType,
    width: input.width,
    height: input.height,
    uploaded_by: input.uploadedBy,
    uploaded_at: toDbInstant(input.uploadedAt),
  };
  await db.insertInto("session_photo").values(row).execute();
  return toPhoto(row);
}

export async function findPhoto(
  db: Executor,
  patientId: string,
  id: string,
): Promise<StoredPhoto | undefined> {
  const row = await db
    .selectFrom("session_photo")
    .selectAll()
    .where("patient_id", "=", patientId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toPhoto(row);
}

/** The patient's photos, oldest first; `angle` narrows to one angle. */
export async function listPhotos(
  db: Executor,
  patientId: string,
  angle?: PhotoAngle,
): Promise<StoredPhoto[]> {
  let query = db.selectFrom("session_photo").selectAll().where("patient_id", "=", patientId);
  if (angle !== undefined) query = query.where("angle", "=", angle);
  const rows = await query.orderBy("uploaded_at").orderBy("id").execute();
  return rows.map(toPhoto);
}

function toPhoto(row: SessionPhotoRow): StoredPhoto {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    bookingId: row.booking_id,
    angle: row.angle as PhotoAngle,
    taken: row.taken as PhotoTaken,
    originalKey: row.original_key,
    thumbnailKey: row.thumbnail_key,
    mediaType: row.media_type,
    width: Number(row.width),
    height: Number(row.height),
    uploadedBy: row.uploaded_by,
    uploadedAt: fromDbInstant(row.uploaded_at),
  };
}
