/**
 * Clinical photos: the same five angles at every session, so that a before and an after of one
 * angle can be laid side by side.
 */
export const PHOTO_ANGLES = ["front", "left_45", "right_45", "left_90", "right_90"] as const;
export type PhotoAngle = (typeof PHOTO_ANGLES)[number];

export const PHOTO_TAKEN = ["before", "after"] as const;
export type PhotoTaken = (typeof PHOTO_TAKEN)[number];

export interface PhotoRecord {
  id: string;
  patientId: string;
  /** The session it belongs to; null for a photo taken outside a session (at a consultation, at home). */
  bookingId: string | null;
  angle: PhotoAngle;
  taken: PhotoTaken;
  mediaType: string;
  width: number;
  height: number;
  uploadedBy: string;
  uploadedAt: string;
}

export interface PhotoPair<P> {
  bookingId: string | null;
  before: P | null;
  after: P | null;
}

export interface PhotoComparison<P> {
  angle: PhotoAngle;
  /** The whole course: the first "before" ever taken beside the latest "after". */
  overall: { before: P | null; after: P | null };
  /** Per session (photos without a session together), oldest session first: its latest before and after. */
  sessions: PhotoPair<P>[];
}

/**
 * Before/after pairs of one angle from a patient's photos, in upload order (oldest first). A
 * retaken photo replaces the earlier one of the same session and kind in its pair.
 */
export function comparePhotos<P extends Pick<PhotoRecord, "bookingId" | "angle" | "taken" | "uploadedAt">>(
  photos: readonly P[],
  angle: PhotoAngle,
): PhotoComparison<P> {
  const ofAngle = photos
    .filter((p) => p.angle === angle)
    .sort((a, b) => (a.uploadedAt < b.uploadedAt ? -1 : a.uploadedAt > b.uploadedAt ? 1 : 0));
  const sessions = new Map<string | null, PhotoPair<P>>();
  for (const photo of ofAngle) {
    const pair = sessions.get(photo.bookingId) ?? { bookingId: photo.bookingId, before: null, after: null };
    pair[photo.taken] = photo;
    sessions.set(photo.bookingId, pair);
  }
  const befores = ofAngle.filter((p) => p.taken === "before");
  const afters = ofAngle.filter((p) => p.taken === "after");
  return {
    angle,
    overall: { before: befores[0] ?? null, after: afters[afters.length - 1] ?? null },
    sessions: [...sessions.values()],
  };
}
