import { z } from "zod";
import { exportPatientEverything } from "../../services/clinical/fhir-export.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireSignedIn } from "../auth/guards.js";
import { patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import type { Api } from "./api.js";

/** The media type of FHIR's JSON format. */
const FHIR_JSON = "application/fhir+json";

/** FHIR R4 export. Errors stay application/problem+json, like the rest of the API. */
export function registerFhirRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/fhir/R4/Patient/:id/$everything",
    {
      schema: {
        operationId: "exportPatientEverything",
        tags: ["clinical records"],
        security: SIGNED_IN,
        summary:
          "The patient's whole record as a FHIR R4 searchset Bundle: Patient, Appointment, CarePlan, Procedure, MedicationStatement, Observation, Consent, Media (staff of the patient's clinic; audited)",
        params: patientParams,
        response: {
          200: {
            description: "A FHIR R4 Bundle",
            content: { [FHIR_JSON]: { schema: z.looseObject({ resourceType: z.literal("Bundle") }) } },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const principal = requireSignedIn(request);
      const bundle = await exportPatientEverything(
        serviceDepsFor(ctx, principal),
        principal,
        request.params.id,
      );
      return reply
        .type(`${FHIR_JSON}; charset=utf-8`)
        .serializer((payload) => JSON.stringify(payload))
        .send(bundle);
    },
  );
}
