import type { Intake } from "../../domain/protocol/intake.js";
import { intakeSchema } from "../../domain/protocol/plan-input.schema.js";
import {
  confirmIntakeVersion,
  getLatestIntake,
  type IntakeVersion,
  saveIntakeVersion,
} from "../../services/patients/intake.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireSignedIn } from "../auth/guards.js";
import { patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import { intakeConfirmation, intakeResponse } from "../schemas/patient.js";
import type { Api } from "./api.js";

export function registerIntakeRoutes(api: Api, ctx: AppContext): void {
  const tags = ["intake and plans"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/patients/:id/intake",
    {
      schema: {
        operationId: "getLatestIntake",
        tags,
        security,
        summary: "The patient's latest intake",
        params: patientParams,
        response: { 200: intakeResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return responseOf(await getLatestIntake(serviceDepsFor(ctx, principal), principal, request.params.id));
    },
  );

  api.put(
    "/api/v1/patients/:id/intake",
    {
      schema: {
        operationId: "saveIntake",
        tags,
        security,
        summary:
          "Save the patient's intake (concerns, medications, recent procedures, conditions) as a new version",
        params: patientParams,
        body: intakeSchema,
        response: { 200: intakeResponse, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      const intake: Intake = request.body;
      const deps = serviceDepsFor(ctx, principal);
      return responseOf(await saveIntakeVersion(deps, principal, request.params.id, intake));
    },
  );

  api.post(
    "/api/v1/patients/:id/intake/confirm",
    {
      schema: {
        operationId: "confirmIntake",
        tags,
        security,
        summary:
          "A provider confirms the latest intake version's removal of hard blocks or review reasons, so treatments can be booked again",
        params: patientParams,
        body: intakeConfirmation,
        response: { 200: intakeResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      // Signed in is all the route can tell: whether the patient is reachable (404) comes before
      // whether the role may confirm (403), in the service.
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return responseOf(await confirmIntakeVersion(deps, principal, request.params.id, request.body.version));
    },
  );
}

function responseOf(intake: IntakeVersion) {
  return {
    patientId: intake.patientId,
    version: intake.version,
    createdAt: intake.createdAt,
    intake: intake.data,
    removed: intake.removed,
    awaitingConfirmation: intake.removed.length > 0 && intake.confirmedAt === null,
    confirmedAt: intake.confirmedAt,
  };
}
