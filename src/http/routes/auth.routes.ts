import { z } from "zod";
import {
  confirmPasswordReset,
  requestPasswordReset,
} from "../../services/accounts/password-reset.service.js";
import { confirmPatientSignup, requestPatientSignup } from "../../services/accounts/registration.service.js";
import {
  type AccountInClinic,
  getSignedInAccount,
  signOut,
} from "../../services/accounts/sessions.service.js";
import { signIn } from "../../services/accounts/sign-in.service.js";
import type { AppContext } from "../app-context.js";
import { requireSignedIn } from "../auth/guards.js";
import { clearSessionCookie, setSessionCookie } from "../auth/session-cookie.js";
import {
  acceptedResponse,
  loginBody,
  meResponse,
  passwordResetConfirmBody,
  passwordResetRequestBody,
  registerBody,
  signupConfirmBody,
} from "../schemas/account.js";
import { clinicParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

/** Sign-out works with or without a live session: the cookie is optional. */
const SESSION_OPTIONAL = [...SIGNED_IN, {}];

export function registerAuthRoutes(api: Api, ctx: AppContext): void {
  /**
   * The public forms are capped per address and instance; sign-in and reset confirmation also
   * have their own throttles in the database.
   */
  const publicForm = { rateLimit: { max: ctx.authPolicy.publicFormsPerMinute, timeWindow: 60_000 } };

  api.post(
    "/api/v1/auth/login",
    {
      schema: {
        operationId: "signIn",
        tags: ["auth"],
        summary: "Sign in; sets the session cookie",
        security: [],
        body: loginBody,
        response: { 200: meResponse, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { email, password, clinic } = request.body;
      const signedIn = await signIn(ctx.accounts, { email, password, clinicSlug: clinic, ip: request.ip });
      setSessionCookie(request, reply, signedIn.session.token, signedIn.session.expiresAt);
      return meOf(signedIn);
    },
  );

  api.post(
    "/api/v1/auth/logout",
    {
      schema: {
        operationId: "signOut",
        tags: ["auth"],
        summary: "Sign out: deletes the session",
        security: SESSION_OPTIONAL,
        response: { 204: z.null(), ...problems(403) },
      },
    },
    async (request, reply) => {
      if (request.sessionTokenHash !== null) await signOut(ctx.accounts, request.sessionTokenHash);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  api.get(
    "/api/v1/me",
    {
      schema: {
        operationId: "getSignedInAccount",
        tags: ["auth"],
        summary: "The signed-in account",
        security: SIGNED_IN,
        response: { 200: meResponse, ...problems(401) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return meOf(await getSignedInAccount(ctx.accounts, principal));
    },
  );

  api.post(
    "/api/v1/auth/password-reset/request",
    {
      config: publicForm,
      schema: {
        operationId: "requestPasswordReset",
        tags: ["auth"],
        summary: "Ask for a reset link (always 202; the link goes out by email)",
        security: [],
        body: passwordResetRequestBody,
        response: { 202: acceptedResponse, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx.accounts, {
        email: request.body.email,
        clinicSlug: request.body.clinic,
      });
      return reply.code(202).send({ status: "accepted" as const });
    },
  );

  api.post(
    "/api/v1/auth/password-reset/confirm",
    {
      config: publicForm,
      schema: {
        operationId: "confirmPasswordReset",
        tags: ["auth"],
        summary: "Set a new password with a reset or invitation token; signs out every session",
        security: [],
        body: passwordResetConfirmBody,
        response: { 204: z.null(), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(ctx.accounts, { ...request.body, ip: request.ip });
      return reply.code(204).send(null);
    },
  );

  api.post(
    "/api/v1/clinics/:slug/patients/register",
    {
      config: publicForm,
      schema: {
        operationId: "registerPatient",
        tags: ["auth"],
        summary: "Patient self sign-up (always 202 for a valid form): a link to finish it goes to the email",
        description:
          "The answer is the same whether or not the email already has an account here: a new " +
          "address gets a link that creates the account (confirmPatientSignup); the owner of a " +
          "known address is told that someone tried to sign up with it.",
        security: [],
        params: clinicParams,
        body: registerBody,
        response: { 202: acceptedResponse, ...problems(400, 404, 429) },
      },
    },
    async (request, reply) => {
      await requestPatientSignup(ctx.accounts, { clinicSlug: request.params.slug, ...request.body });
      return reply.code(202).send({ status: "accepted" as const });
    },
  );

  api.post(
    "/api/v1/auth/signup/confirm",
    {
      config: publicForm,
      schema: {
        operationId: "confirmPatientSignup",
        tags: ["auth"],
        summary: "Finish a patient sign-up with the emailed token: creates the account and signs in",
        security: [],
        body: signupConfirmBody,
        response: { 201: meResponse, ...problems(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const signedIn = await confirmPatientSignup(ctx.accounts, request.body.token);
      setSessionCookie(request, reply, signedIn.session.token, signedIn.session.expiresAt);
      return reply.code(201).send(meOf(signedIn));
    },
  );
}

/** The signed-in account as `GET /api/v1/me` shows it. */
export function meOf({ account, clinic }: AccountInClinic): z.output<typeof meResponse> {
  return {
    account: { id: account.id, email: account.email, name: account.name, role: account.role },
    clinic: { slug: clinic.slug, name: clinic.name, timeZone: clinic.timeZone },
    patientId: account.patientId,
    providerId: account.providerId,
  };
}
