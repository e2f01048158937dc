import { z } from "zod";
import { inviteStaff, listStaff } from "../../services/accounts/staff-accounts.service.js";
import type { AppContext } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import { role } from "../schemas/account.js";
import { clinicParams, email, id, problems, SIGNED_IN, trimmedText } from "../schemas/common.js";
import type { Api } from "./api.js";

const staffRole = z.enum(["front_desk", "provider", "admin"]);

const staffResponse = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role,
  providerId: id.nullable(),
});

const inviteBody = z.strictObject({
  email,
  name: trimmedText(200),
  role: staffRole,
  providerId: id.nullable().optional(),
});

export function registerStaffRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug/staff",
    {
      schema: {
        operationId: "listStaff",
        tags: ["accounts"],
        security: SIGNED_IN,
        summary: "The clinic's staff accounts (admin)",
        params: clinicParams,
        response: { 200: z.object({ staff: z.array(staffResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const admin = requireClinicRole(request, request.params.slug, ["admin"]);
      return { staff: await listStaff(ctx.accounts, admin) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/staff",
    {
      schema: {
        operationId: "inviteStaff",
        tags: ["accounts"],
        security: SIGNED_IN,
        summary: "Invite a staff member (admin): they set their own password from the emailed link",
        params: clinicParams,
        body: inviteBody,
        response: { 201: staffResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const admin = requireClinicRole(request, request.params.slug, ["admin"]);
      return reply.code(201).send(await inviteStaff(ctx.accounts, admin, request.body));
    },
  );
}
