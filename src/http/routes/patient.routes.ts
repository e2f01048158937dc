import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  changePatientProfile,
  createClinicPatient,
  getPatientProfile,
  searchClinicPatients,
} from "../../services/patients/patients.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import {
  newPatientBody,
  patientProfileChangeBody,
  patientResponse,
  patientSearchQuery,
} from "../schemas/patient.js";
import type { Api } from "./api.js";

export function registerPatientRoutes(api: Api, ctx: AppContext): void {
  const tags = ["patients"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/clinics/:slug/patients",
    {
      schema: {
        operationId: "searchClinicPatients",
        tags,
        security,
        summary:
          'List or search the clinic\'s patients by name ("First Last" or "Last, First"), email or phone digits (staff)',
        params: clinicParams,
        querystring: patientSearchQuery,
        response: { 200: z.object({ patients: z.array(patientResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const staff = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      return { patients: await searchClinicPatients(serviceDepsFor(ctx, staff), staff, request.query) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/patients",
    {
      schema: {
        operationId: "createClinicPatient",
        tags,
        security,
        summary: "Add a patient without an account, e.g. at the front desk (staff)",
        params: clinicParams,
        body: newPatientBody,
        response: { 201: patientResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const staff = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const patient = await createClinicPatient(serviceDepsFor(ctx, staff), staff, request.body);
      return reply.code(201).send(patient);
    },
  );

  api.get(
    "/api/v1/patients/:id",
    {
      schema: {
        operationId: "getPatientProfile",
        tags,
        security,
        summary: "A patient's profile (the patient themself, or their clinic's staff)",
        params: patientParams,
        response: { 200: patientResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return getPatientProfile(serviceDepsFor(ctx, principal), principal, request.params.id);
    },
  );

  api.patch(
    "/api/v1/patients/:id",
    {
      schema: {
        operationId: "updatePatientProfile",
        tags,
        security,
        summary:
          "Change a patient's name, phone or time zone (the patient themself, or their clinic's staff); answers the profile",
        params: patientParams,
        body: patientProfileChangeBody,
        response: { 200: patientResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const { name, phone, timeZone } = request.body;
      return changePatientProfile(serviceDepsFor(ctx, principal), principal, request.params.id, {
        ...(name !== undefined && { name }),
        ...(phone !== undefined && { phone }),
        ...(timeZone !== undefined && { timeZone }),
      });
    },
  );
}
