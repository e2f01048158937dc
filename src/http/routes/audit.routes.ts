import { z } from "zod";
import { listAuditEntries } from "../../store/audit.repository.js";
import { requireRole } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import { id, instant, instantOut, limit, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

const auditQuery = z
  .strictObject({
    patientId: id.optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: limit(1000, 200),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    path: ["to"],
    message: "must be after from",
  });

const auditEntry = z.object({
  id,
  at: instantOut,
  actorId: z.string().nullable(),
  patientId: z.string().nullable(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export function registerAuditRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/audit",
    {
      schema: {
        tags: ["audit"],
        security: SIGNED_IN,
        summary: "Who read or changed which patient's data, newest first (admin, own clinic)",
        querystring: auditQuery,
        response: { 200: z.object({ entries: z.array(auditEntry) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = requireRole(request, ["admin"]);
      const { patientId, from, to, limit } = request.query;
      const entries = await listAuditEntries(ctx.store.db, {
        clinicId: principal.clinicId,
        limit,
        ...(patientId !== undefined && { patientId }),
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
      });
      return { entries };
    },
  );
}
