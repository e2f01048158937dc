import { readClinicEducation } from "../../services/clinic/education.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { clinicParams, problems } from "../schemas/common.js";
import { educationResponse } from "../schemas/education.js";
import type { Api } from "./api.js";

/** The public education pages' data: the clinic's current protocol, in the numbers patients read. */
export function registerEducationRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/clinics/:slug/education",
    {
      schema: {
        operationId: "getClinicEducation",
        tags: ["clinic"],
        summary:
          "What the education pages say: pauses, preparation, aftercare and spacing from the current protocol",
        security: [],
        params: clinicParams,
        response: { 200: educationResponse, ...problems(400, 404) },
      },
    },
    async (request) => readClinicEducation(serviceDepsFor(ctx, null), request.params.slug),
  );
}
