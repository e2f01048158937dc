import { fileTypeFromBuffer } from "file-type";
import sharp, { type OutputInfo } from "sharp";
import { DomainError } from "../../domain/errors.js";

/** What a clinic's cameras and phones produce; anything else is refused by its content, not its name. */
const ACCEPTED: ReadonlyMap<string, string> = new Map([
  ["image/jpeg", "JPEG"],
  ["image/png", "PNG"],
  ["image/heic", "HEIC"],
  ["image/heif", "HEIF"],
  ["image/webp", "WebP"],
]);

/** The longest side of a stored original, in pixels: plenty for a side-by-side view, bounded on disk. */
const MAX_SIDE_PX = 4000;
/** The longest side of a thumbnail, in pixels. */
const THUMBNAIL_SIDE_PX = 320;

export interface PreparedPhoto {
  /** A fresh JPEG with no metadata at all: no EXIF (no GPS location, no camera serial), no XMP. */
  original: Buffer;
  thumbnail: Buffer;
  mediaType: "image/jpeg";
  width: number;
  height: number;
}

/**
 * Checks an upload by its bytes (`file-type`), then re-encodes it: sharp turns the picture upright
 * by its EXIF orientation and writes a new JPEG without the old metadata, so a phone's location
 * never reaches the store. The thumbnail is made from the cleaned original.
 */
export async function preparePhoto(bytes: Buffer): Promise<PreparedPhoto> {
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !ACCEPTED.has(detected.mime))
    throw new DomainError(
      "unsupported_media_type",
      `The file is ${detected ? detected.mime : "not an image we recognise"}; send a JPEG, PNG, HEIC or WebP photo.`,
      { fields: [{ path: "file", message: "must be a JPEG, PNG, HEIC or WebP image" }] },
    );
  let encoded: { data: Buffer; info: OutputInfo };
  try {
    encoded = await sharp(bytes, { failOn: "error" })
      .rotate()
      .resize({ width: MAX_SIDE_PX, height: MAX_SIDE_PX, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 90 })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    // The image library here decodes HEIF only with AV1 inside (AVIF); an iPhone's HEVC HEIC is refused.
    const heic = detected.mime === "image/heic" || detected.mime === "image/heif";
    throw new DomainError(
      heic ? "unsupported_media_type" : "invalid_input",
      heic
        ? "This server cannot decode this HEIC photo; export it as JPEG and send it again."
        : `The ${ACCEPTED.get(detected.mime)} file is damaged and cannot be read.`,
      { fields: [{ path: "file", message: heic ? "cannot be decoded here" : "is not a readable image" }] },
      { cause: error },
    );
  }
  const thumbnail = await sharp(encoded.data)
    .resize({ width: THUMBNAIL_SIDE_PX, height: THUMBNAIL_SIDE_PX, fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();
  return {
    original: encoded.data,
    thumbnail,
    mediaType: "image/jpeg",
    width: encoded.info.width,
    height: encoded.info.height,
  };
}
