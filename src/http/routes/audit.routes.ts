import { z } from "zod";
import { listClinicAuditLog } from "../../services/patients/audit-log.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireRole } from "../auth/guards.js";
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
        operationId: "listAuditEntries",
        tags: ["audit"],
        security: SIGNED_IN,
        summary: "Who read or changed which patient's data, newest first (admin, own clinic)",
        querystring: auditQuery,
        response: { 200: z.object({ entries: z.array(auditEntry) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const admin = requireRole(request, ["admin"]);
      return { entries: await listClinicAuditLog(serviceDepsFor(ctx, admin), admin, request.query) };
    },
  );
}
