import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import { readClinicProtocol, saveProtocolVersion } from "../../services/clinic/protocol.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import { acceptConflicts, CONFLICT_NOTE } from "../schemas/catalog.js";
import { clinicParams, instantOut, problems, SIGNED_IN, text } from "../schemas/common.js";
import type { Api } from "./api.js";

const protocolResponse = z.object({
  version: z.string(),
  isDefault: z.boolean(),
  savedAt: instantOut.nullable(),
  document: z.record(z.string(), z.unknown()).meta({ description: "The whole protocol (see README)" }),
  warnings: z.array(z.string()).meta({
    description: "Values accepted but below the shipped default's minimum (washouts), one sentence each",
  }),
});

/** Only the version is checked here; the rest is the domain's job, which names every bad path. */
const protocolPatch = z.looseObject({ version: text({ max: 100 }), acceptConflicts }).meta({
  description:
    "A clinic protocol: its own `version` plus only the values it changes from the default; the merge is validated as a whole. `acceptConflicts` is not part of the protocol.",
});

export function registerProtocolRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug/protocol",
    {
      schema: {
        operationId: "getClinicProtocol",
        tags: ["protocol"],
        security: SIGNED_IN,
        summary: "The clinic's current protocol, or the built-in default (staff)",
        params: clinicParams,
        response: { 200: protocolResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      return readClinicProtocol(serviceDepsFor(ctx, principal), principal);
    },
  );

  api.put(
    "/api/v1/clinics/:slug/protocol",
    {
      schema: {
        operationId: "saveClinicProtocol",
        tags: ["protocol"],
        security: SIGNED_IN,
        summary: "Save a new protocol version and make it current (admin)",
        description: `${CONFLICT_NOTE} Each future treatment booking is judged as the booking gate would judge it under the new version (washouts, the interval between sessions, blocks and reviews).`,
        params: clinicParams,
        body: protocolPatch,
        response: { 201: protocolResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { acceptConflicts: accept, ...patch } = request.body;
      const deps = serviceDepsFor(ctx, principal);
      const saved = await saveProtocolVersion(deps, principal, patch, { acceptConflicts: accept });
      return reply.code(201).send(saved);
    },
  );
}
