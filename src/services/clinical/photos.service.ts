import { join } from "node:path";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import {
  comparePhotos,
  type PhotoAngle,
  type PhotoComparison,
  type PhotoRecord,
  type PhotoTaken,
} from "../../domain/clinical/photos.js";
import { DomainError } from "../../domain/errors.js";
import { findBookingById } from "../../store/booking.repository.js";
import { findPhoto, insertPhoto, listPhotos, type StoredPhoto } from "../../store/photo.repository.js";
import { FilePhotoStorage, type PhotoStorage } from "../../store/photo-storage.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData, auditPatientWrite } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";
import { preparePhoto } from "./photo-images.js";

export type { PhotoStorage } from "../../store/photo-storage.js";

/** The photo store of a server: files under `<dataDir>/photos`, named by content hash. */
export function photoStorageIn(dataDir: string): PhotoStorage {
  return new FilePhotoStorage(join(dataDir, "photos"));
}

export interface PhotoDeps extends ServiceDeps {
  photos: PhotoStorage;
}

export interface PhotoUpload {
  angle: PhotoAngle;
  taken: PhotoTaken;
  bookingId: string | null;
  bytes: Buffer;
}

/**
 * Stores a photo of the patient, by the patient or their clinic's staff. The bytes are checked
 * and re-encoded before anything is kept; the session named must be one of this patient's.
 * The bytes are written before the row: a failed transaction leaves an unreferenced file, never
 * a row without its image.
 */
export async function uploadPhoto(
  deps: PhotoDeps,
  principal: SessionPrincipal,
  patientId: string,
  upload: PhotoUpload,
): Promise<PhotoRecord> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  const { patient } = access;
  if (upload.bookingId !== null) {
    const booking = await findBookingById(deps.store.db, patient.clinicId, upload.bookingId);
    if (!booking || booking.patientId !== patient.id)
      throw new DomainError("invalid_input", "The session named is not one of this patient's.", {
        fields: [{ path: "bookingId", message: "names no session of this patient" }],
      });
  }
  const prepared = await preparePhoto(upload.bytes);
  const [originalKey, thumbnailKey] = [
    await deps.photos.put(prepared.original),
    await deps.photos.put(prepared.thumbnail),
  ];
  const at = deps.clock.now().toString();
  const stored = await withWriteTransaction(deps.store, async (trx) => {
    const photo = await insertPhoto(trx, {
      clinicId: patient.clinicId,
      patientId: patient.id,
      bookingId: upload.bookingId,
      angle: upload.angle,
      taken: upload.taken,
      originalKey,
      thumbnailKey,
      mediaType: prepared.mediaType,
      width: prepared.width,
      height: prepared.height,
      uploadedBy: principal.accountId,
      uploadedAt: at,
    });
    await auditPatientWrite(trx, access, "photo.upload", at, { photoId: photo.id }, photoTarget(photo));
    return photo;
  });
  return recordOf(stored);
}

/** The patient's photos, oldest first (the patient, or staff: audited). */
export async function listPatientPhotos(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<PhotoRecord[]> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  await auditPatientData(deps.store.db, access, "photo.list", deps.clock.now().toString());
  return (await listPhotos(deps.store.db, access.patient.id)).map(recordOf);
}

/** Before and after of one angle, per session and over the whole course (audited for staff). */
export async function comparePatientPhotos(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  angle: PhotoAngle,
): Promise<PhotoComparison<PhotoRecord>> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  await auditPatientData(deps.store.db, access, "photo.compare", deps.clock.now().toString(), { angle });
  return comparePhotos((await listPhotos(deps.store.db, access.patient.id, angle)).map(recordOf), angle);
}

/**
 * The bytes of one photo or its thumbnail, for the patient or their clinic's staff only; every
 * staff view is audited, naming the photo.
 */
export async function readPhotoFile(
  deps: PhotoDeps,
  principal: SessionPrincipal,
  patientId: string,
  photoId: string,
  size: "original" | "thumbnail",
): Promise<{ bytes: Buffer; mediaType: string }> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  const photo = await findPhoto(deps.store.db, access.patient.id, photoId);
  if (!photo) throw new DomainError("not_found", "No such photo.");
  const bytes = await deps.photos.get(size === "original" ? photo.originalKey : photo.thumbnailKey);
  if (!bytes) throw new DomainError("not_found", "The photo's file is missing from the photo store.");
  await auditPatientData(
    deps.store.db,
    access,
    "photo.view",
    deps.clock.now().toString(),
    { photoId, size },
    photoTarget(photo),
  );
  return { bytes, mediaType: photo.mediaType };
}

function recordOf(photo: StoredPhoto): PhotoRecord {
  const { clinicId: _c, originalKey: _o, thumbnailKey: _t, ...record } = photo;
  return record;
}

function photoTarget(photo: { id: string }) {
  return { target: { type: "photo", id: photo.id } };
}
