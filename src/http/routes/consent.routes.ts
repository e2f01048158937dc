import { z } from "zod";
import { ALL_ROLES } from "../../domain/accounts/principal.js";
import {
  getPatientConsents,
  listConsentTemplates,
  publishConsentTemplate,
  signConsent,
} from "../../services/clinical/consent.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import {
  consentTemplateResponse,
  newConsentTemplateBody,
  patientConsentsResponse,
  signConsentBody,
  signedConsentResponse,
} from "../schemas/clinical.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

/** The longest user agent kept with a signature; browsers send far less. */
const MAX_USER_AGENT = 500;

/** Consent forms (admins publish versions) and the patients' signatures. */
export function registerConsentRoutes(api: Api, ctx: AppContext): void {
  const security = SIGNED_IN;

  api.get(
    "/api/v1/clinics/:slug/consent-templates",
    {
      schema: {
        operationId: "listConsentTemplates",
        tags: ["clinical records"],
        security,
        summary: "The current version of each consent form (anyone of the clinic)",
        params: clinicParams,
        response: {
          200: z.object({ templates: z.array(consentTemplateResponse) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ALL_ROLES);
      return { templates: await listConsentTemplates(serviceDepsFor(ctx, principal), principal) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/consent-templates",
    {
      schema: {
        operationId: "publishConsentTemplate",
        tags: ["clinical records"],
        security,
        summary: "Publish the next version of a consent form (admin); patients are asked to sign it anew",
        params: clinicParams,
        body: newConsentTemplateBody,
        response: { 201: consentTemplateResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const template = await publishConsentTemplate(serviceDepsFor(ctx, principal), principal, request.body);
      return reply.code(201).send(template);
    },
  );

  api.post(
    "/api/v1/patients/:id/consents",
    {
      schema: {
        operationId: "signConsent",
        tags: ["clinical records"],
        security,
        summary:
          "The patient signs the current version of a consent form with their typed name; the time, IP and user agent are recorded",
        params: patientParams,
        body: signConsentBody,
        response: { 201: signedConsentResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const agent = request.headers["user-agent"];
      const signed = await signConsent(serviceDepsFor(ctx, principal), principal, request.params.id, {
        kind: request.body.template,
        version: request.body.version,
        typedName: request.body.typedName,
        ip: request.ip,
        userAgent: typeof agent === "string" ? agent.slice(0, MAX_USER_AGENT) : null,
      });
      return reply.code(201).send(signed);
    },
  );

  api.get(
    "/api/v1/patients/:id/consents",
    {
      schema: {
        operationId: "listPatientConsents",
        tags: ["clinical records"],
        security,
        summary:
          "The patient's signed consents and where they stand on each form (the patient, or staff: audited)",
        params: patientParams,
        response: { 200: patientConsentsResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return getPatientConsents(serviceDepsFor(ctx, principal), principal, request.params.id);
    },
  );
}
