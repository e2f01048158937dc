import { z } from "zod";
import { exportClinicAs, exportPatientRecordAs } from "../../services/ops/export.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

const row = z.record(z.string(), z.unknown());

export function registerExportRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug/export",
    {
      schema: {
        operationId: "exportClinic",
        tags: ["clinic"],
        security: SIGNED_IN,
        summary: "Everything the clinic holds, as a zip of CSV files and clinic.json (admin; audited)",
        description:
          "patients.csv, intakes.csv, plans.csv, bookings.csv and audit.csv, plus clinic.json describing them. Streamed as it is read.",
        params: clinicParams,
        response: {
          200: {
            description: "A zip archive",
            content: { "application/zip": { schema: z.string() } },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const admin = requireClinicRole(request, request.params.slug, ["admin"]);
      const { filename, stream } = await exportClinicAs(serviceDepsFor(ctx, admin), admin);
      return reply
        .type("application/zip")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .header("cache-control", "no-store")
        .send(stream);
    },
  );

  api.get(
    "/api/v1/patients/:id/export",
    {
      schema: {
        operationId: "exportPatientRecord",
        tags: ["patients"],
        security: SIGNED_IN,
        summary: "The patient's whole record as JSON: profile, every intake version, plans and bookings",
        description:
          "For the patient themself; their clinic's staff may fetch it too, and that read is audited.",
        params: patientParams,
        response: {
          200: z.object({
            exportedAt: z.string(),
            patient: row,
            intakes: z.array(row),
            plans: z.array(row),
            bookings: z.array(row),
          }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const record = await exportPatientRecordAs(
        serviceDepsFor(ctx, principal),
        principal,
        request.params.id,
      );
      reply.header("content-disposition", 'attachment; filename="my-record.json"');
      return record;
    },
  );
}
