import { z } from "zod";
import type { Account } from "../../domain/accounts/account.js";
import {
  changeStaffAccount,
  inviteStaff,
  listStaff,
  revokeStaffSessions,
} from "../../services/accounts/staff-accounts.service.js";
import type { AppContext } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import { role } from "../schemas/account.js";
import { clinicParams, email, id, problems, SIGNED_IN, slug, trimmedText } from "../schemas/common.js";
import type { Api } from "./api.js";

const staffRole = z.enum(["front_desk", "provider", "admin"]);

const staffResponse = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role,
  providerId: id.nullable(),
  /** A disabled account cannot sign in, and its sessions no longer work. */
  disabled: z.boolean(),
});

const staffParams = z.strictObject({ slug, accountId: id });

const changeBody = z
  .strictObject({ role: staffRole.optional(), disabled: z.boolean().optional() })
  .refine((body) => body.role !== undefined || body.disabled !== undefined, {
    message: "must name a role or disabled",
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
      return { staff: (await listStaff(ctx.accounts, admin)).map(staffOf) };
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
      return reply.code(201).send(staffOf(await inviteStaff(ctx.accounts, admin, request.body)));
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/staff/:accountId",
    {
      schema: {
        operationId: "changeStaff",
        tags: ["accounts"],
        security: SIGNED_IN,
        summary: "Change a staff member's role, or disable / enable the account (admin; audited)",
        description:
          "Disabling ends the account's sessions and stops it signing in. The clinic keeps at " +
          "least one enabled admin: a change that would leave none answers 409.",
        params: staffParams,
        body: changeBody,
        response: { 200: staffResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const admin = requireClinicRole(request, request.params.slug, ["admin"]);
      return staffOf(await changeStaffAccount(ctx.accounts, admin, request.params.accountId, request.body));
    },
  );

  api.delete(
    "/api/v1/clinics/:slug/staff/:accountId/sessions",
    {
      schema: {
        operationId: "revokeStaffSessions",
        tags: ["accounts"],
        security: SIGNED_IN,
        summary: "Sign a staff member out everywhere (admin; audited)",
        params: staffParams,
        response: { 204: z.null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const admin = requireClinicRole(request, request.params.slug, ["admin"]);
      await revokeStaffSessions(ctx.accounts, admin, request.params.accountId);
      return reply.code(204).send(null);
    },
  );
}

function staffOf(account: Account): z.output<typeof staffResponse> {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role,
    providerId: account.providerId,
    disabled: account.disabledAt !== null,
  };
}
