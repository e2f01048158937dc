import { z } from "zod";
import { auditPatientData, auditStaffAction } from "../../services/audit.js";
import { createPatient } from "../../store/patient.repository.js";
import { searchPatients } from "../../store/patient-search.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { legacyAuthorizePatientAccess, legacyRequireClinicRole, STAFF_ROLES } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import { newPatientBody, patientResponse, patientSearchQuery } from "../schemas/patient.js";
import type { Api } from "./api.js";

export function registerPatientRoutes(api: Api, ctx: AppContext): void {
  const tags = ["patients"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/clinics/:slug/patients",
    {
      schema: {
        tags,
        security,
        summary: "List or search the clinic's patients by name or email (staff)",
        params: clinicParams,
        querystring: patientSearchQuery,
        response: { 200: z.object({ patients: z.array(patientResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { principal, clinic } = await legacyRequireClinicRole(
        request,
        ctx,
        request.params.slug,
        STAFF_ROLES,
      );
      const { q, limit, offset } = request.query;
      const patients = await searchPatients(ctx.store.db, { clinicId: clinic.id, q, limit, offset });
      // The search text may be a name: the audit row records that there was one, not what it was.
      await auditStaffAction(ctx.store.db, principal, "patients.search", ctx.now(), {
        searched: q !== undefined && q !== "",
        count: patients.length,
      });
      return { patients };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/patients",
    {
      schema: {
        tags,
        security,
        summary: "Add a patient without an account, e.g. at the front desk (staff)",
        params: clinicParams,
        body: newPatientBody,
        response: { 201: patientResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { principal, clinic } = await legacyRequireClinicRole(
        request,
        ctx,
        request.params.slug,
        STAFF_ROLES,
      );
      const at = ctx.now();
      const patient = await withWriteTransaction(ctx.store, async (trx) => {
        const created = await createPatient(trx, { clinicId: clinic.id, ...request.body, createdAt: at });
        await auditStaffAction(trx, principal, "patient.create", at, {}, created.id);
        return created;
      });
      return reply.code(201).send(patient);
    },
  );

  api.get(
    "/api/v1/patients/:id",
    {
      schema: {
        tags,
        security,
        summary: "A patient's profile (the patient themself, or their clinic's staff)",
        params: patientParams,
        response: { 200: patientResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id);
      await auditPatientData(ctx.store.db, access, "patient.read", ctx.now());
      return access.patient;
    },
  );
}
