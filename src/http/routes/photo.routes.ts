import fastifyMultipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DomainError, isDomainError } from "../../domain/errors.js";
import { parseOrThrow } from "../../domain/validation/field-problems.js";
import {
  comparePatientPhotos,
  listPatientPhotos,
  readPhotoFile,
  uploadPhoto,
} from "../../services/clinical/photos.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireSignedIn } from "../auth/guards.js";
import {
  compareQuery,
  compareResponse,
  photoFields,
  photoParams,
  photoResponse,
} from "../schemas/clinical.js";
import { patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

/** The largest photo accepted, in bytes: a full-resolution phone JPEG is 3–8 MB. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;

/**
 * Clinical photos. Multipart parsing is registered in this scope only, so no other route accepts
 * a form upload; its limits bound the one file and the few fields a photo comes with.
 */
export function registerPhotoRoutes(api: Api, ctx: AppContext): void {
  const tags = ["clinical records"];
  const security = SIGNED_IN;

  api.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 8, parts: 9, fieldSize: 1024 },
    });
    const photos = scope.withTypeProvider<ZodTypeProvider>();

    photos.post(
      "/api/v1/patients/:id/photos",
      {
        schema: {
          operationId: "uploadPhoto",
          tags,
          security,
          summary:
            "Upload a photo (multipart/form-data: `file`, `angle`, `taken`, optional `bookingId`); checked by content, re-encoded without metadata (the patient, or staff: audited)",
          params: patientParams,
          response: { 201: photoResponse, ...problems(400, 401, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const principal = requireSignedIn(request);
        const form = await readPhotoForm(request);
        const deps = { ...serviceDepsFor(ctx, principal), photos: ctx.photos };
        const photo = await uploadPhoto(deps, principal, request.params.id, {
          angle: form.fields.angle,
          taken: form.fields.taken,
          bookingId: form.fields.bookingId ?? null,
          bytes: form.file,
        });
        return reply.code(201).send(photo);
      },
    );
  });

  api.get(
    "/api/v1/patients/:id/photos",
    {
      schema: {
        operationId: "listPhotos",
        tags,
        security,
        summary: "The patient's photos, oldest first (the patient, or staff: audited)",
        params: patientParams,
        response: { 200: z.object({ photos: z.array(photoResponse) }), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return {
        photos: await listPatientPhotos(serviceDepsFor(ctx, principal), principal, request.params.id),
      };
    },
  );

  api.get(
    "/api/v1/patients/:id/photos/compare",
    {
      schema: {
        operationId: "comparePhotos",
        tags,
        security,
        summary:
          "Before and after photos of one angle, per session and over the whole course (audited for staff)",
        params: patientParams,
        querystring: compareQuery,
        response: { 200: compareResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return comparePatientPhotos(deps, principal, request.params.id, request.query.angle);
    },
  );

  for (const size of ["original", "thumbnail"] as const) {
    api.get(
      `/api/v1/patients/:id/photos/:photoId/${size}`,
      {
        schema: {
          operationId: size === "original" ? "getPhoto" : "getPhotoThumbnail",
          tags,
          security,
          summary: `The photo's ${size === "original" ? "image" : "thumbnail"} as JPEG (the patient, or their clinic's staff: every view audited)`,
          params: photoParams,
          response: {
            200: { description: "The image", content: { "image/jpeg": { schema: z.string() } } },
            ...problems(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        const principal = requireSignedIn(request);
        const deps = { ...serviceDepsFor(ctx, principal), photos: ctx.photos };
        const { params } = request;
        const file = await readPhotoFile(deps, principal, params.id, params.photoId, size);
        return reply.type(file.mediaType).header("x-content-type-options", "nosniff").send(file.bytes);
      },
    );
  }
}

/** The upload's one file and its fields, read in whatever order the client sent them. */
async function readPhotoForm(
  request: FastifyRequest,
): Promise<{ file: Buffer; fields: z.output<typeof photoFields> }> {
  if (!request.isMultipart())
    throw new DomainError("unsupported_media_type", "Send the photo as multipart/form-data.");
  const values: Record<string, unknown> = {};
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") {
        if (part.fieldname !== "file" || file !== undefined) {
          await part.toBuffer();
          throw new DomainError("invalid_input", "Send the photo as the one file field `file`.", {
            fields: [{ path: part.fieldname, message: "is not expected: send the photo as `file`" }],
          });
        }
        file = await part.toBuffer();
      } else {
        values[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    // The multipart parser's own failures (no boundary, a cut-off body) carry no code: a bad form.
    if (isDomainError(error) || (error as { code?: unknown }).code !== undefined) throw error;
    throw new DomainError(
      "invalid_input",
      "The body could not be read as multipart/form-data.",
      {},
      { cause: error },
    );
  }
  const fields = parseOrThrow(photoFields, values, "photo upload");
  if (file === undefined || file.length === 0)
    throw new DomainError("invalid_input", "The upload has no photo.", {
      fields: [{ path: "file", message: "is required" }],
    });
  return { file, fields };
}
