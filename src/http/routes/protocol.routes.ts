import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import { parseClinicProtocol } from "../../domain/protocol/protocol-loader.js";
import { loadCurrentProtocol } from "../../services/clinic/clinic-context.js";
import { isUniqueViolation } from "../../store/db-errors.js";
import { addProtocolVersion } from "../../store/protocol-version.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { legacyRequireClinicRole, STAFF_ROLES } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import { clinicParams, instantOut, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

const protocolResponse = z.object({
  version: z.string(),
  isDefault: z.boolean(),
  savedAt: instantOut.nullable(),
  document: z.record(z.string(), z.unknown()).meta({ description: "The whole protocol (see README)" }),
});

/** Only the version is checked here; the rest is the domain's job, which names every bad path. */
const protocolPatch = z.looseObject({ version: z.string().trim().min(1, "is required").max(100) }).meta({
  description:
    "A clinic protocol: its own `version` plus only the values it changes from the default; the merge is validated as a whole.",
});

export function registerProtocolRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug/protocol",
    {
      schema: {
        tags: ["protocol"],
        security: SIGNED_IN,
        summary: "The clinic's current protocol, or the built-in default (staff)",
        params: clinicParams,
        response: { 200: protocolResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, STAFF_ROLES);
      const current = await loadCurrentProtocol(ctx.store.db, clinic.id);
      return {
        version: current.protocol.version,
        isDefault: current.isDefault,
        savedAt: current.savedAt,
        document: current.protocol,
      };
    },
  );

  api.put(
    "/api/v1/clinics/:slug/protocol",
    {
      schema: {
        tags: ["protocol"],
        security: SIGNED_IN,
        summary: "Save a new protocol version and make it current (admin)",
        params: clinicParams,
        body: protocolPatch,
        response: { 201: protocolResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      const protocol = parseClinicProtocol(request.body);
      const now = ctx.now();
      try {
        await withWriteTransaction(ctx.store, (trx) =>
          addProtocolVersion(trx, {
            clinicId: clinic.id,
            version: protocol.version,
            document: protocol,
            createdAt: now,
          }),
        );
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new DomainError(
          "conflict",
          `Version "${protocol.version}" already exists: a saved version never changes; name a new one.`,
          { fields: [{ path: "version", message: "is already used" }] },
          { cause: error },
        );
      }
      return reply
        .code(201)
        .send({ version: protocol.version, isDefault: false, savedAt: now, document: protocol });
    },
  );
}
