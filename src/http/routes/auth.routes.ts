import { z } from "zod";
import type { Account } from "../../store/account.repository.js";
import { deleteAuthSession } from "../../store/auth-session.repository.js";
import { findClinicById } from "../../store/clinic.repository.js";
import { requireSignedIn } from "../auth/guards.js";
import { confirmPasswordReset, requestPasswordReset } from "../auth/password-reset.js";
import { registerPatient } from "../auth/registration.js";
import { clearSessionCookie, setSessionCookie } from "../auth/session-cookie.js";
import { newSessionFor } from "../auth/sessions.js";
import { signIn } from "../auth/sign-in.js";
import type { AppContext } from "../deps.js";
import {
  loginBody,
  meResponse,
  passwordResetConfirmBody,
  passwordResetRequestBody,
  registerBody,
} from "../schemas/account.js";
import { clinicParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

export function registerAuthRoutes(api: Api, ctx: AppContext): void {
  /** The public forms are capped per address and instance; sign-in has its own DB-backed lock. */
  const publicForm = { rateLimit: { max: ctx.authPolicy.publicFormsPerMinute, timeWindow: 60_000 } };

  api.post(
    "/api/v1/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in; sets the session cookie",
        body: loginBody,
        response: { 200: meResponse, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { email, password, clinic } = request.body;
      const session = await signIn(ctx, { email, password, clinicSlug: clinic, ip: request.ip });
      setSessionCookie(request, reply, session.token, session.expiresAt);
      return meOf(ctx, session.account);
    },
  );

  api.post(
    "/api/v1/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign out: deletes the session",
        response: { 204: z.null(), ...problems(403) },
      },
    },
    async (request, reply) => {
      if (request.sessionTokenHash !== null) await deleteAuthSession(ctx.store.db, request.sessionTokenHash);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  api.get(
    "/api/v1/me",
    {
      schema: {
        tags: ["auth"],
        summary: "The signed-in account",
        security: SIGNED_IN,
        response: { 200: meResponse, ...problems(401) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return meOf(ctx, {
        id: principal.accountId,
        email: principal.email,
        name: principal.name,
        role: principal.role,
        clinicId: principal.clinicId,
        patientId: principal.patientId,
        providerId: principal.providerId,
      });
    },
  );

  api.post(
    "/api/v1/auth/password-reset/request",
    {
      config: publicForm,
      schema: {
        tags: ["auth"],
        summary: "Ask for a reset link (always 202; the link goes out by email)",
        body: passwordResetRequestBody,
        response: { 202: z.strictObject({ status: z.literal("accepted") }), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body.email, request.body.clinic);
      return reply.code(202).send({ status: "accepted" as const });
    },
  );

  api.post(
    "/api/v1/auth/password-reset/confirm",
    {
      schema: {
        tags: ["auth"],
        summary: "Set a new password with a reset token; signs out every session",
        body: passwordResetConfirmBody,
        response: { 204: z.null(), ...problems(400) },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(ctx, request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  );

  api.post(
    "/api/v1/clinics/:slug/patients/register",
    {
      config: publicForm,
      schema: {
        tags: ["auth"],
        summary: "Patient self sign-up: creates the patient and their account, and signs in",
        params: clinicParams,
        body: registerBody,
        response: { 201: meResponse, ...problems(400, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const account = await registerPatient(ctx, { clinicSlug: request.params.slug, ...request.body });
      const session = await newSessionFor(ctx, account.id);
      setSessionCookie(request, reply, session.token, session.expiresAt);
      return reply.code(201).send(await meOf(ctx, account));
    },
  );
}

async function meOf(
  ctx: AppContext,
  account: Pick<Account, "id" | "email" | "name" | "role" | "clinicId" | "patientId" | "providerId">,
): Promise<z.output<typeof meResponse>> {
  const clinic = await findClinicById(ctx.store.db, account.clinicId);
  if (!clinic) throw new Error(`account ${account.id} points at a missing clinic`);
  return {
    account: { id: account.id, email: account.email, name: account.name, role: account.role },
    clinic: { slug: clinic.slug, name: clinic.name, timeZone: clinic.timeZone },
    patientId: account.patientId,
    providerId: account.providerId,
  };
}
