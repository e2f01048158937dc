import { DomainError } from "../../domain/errors.js";
import { futureDayProblems, type Intake } from "../../domain/protocol/intake.js";
import { intakeSchema } from "../../domain/protocol/plan-input.schema.js";
import { dayOfInstant } from "../../domain/time/calendar.js";
import { auditPatientData } from "../../services/audit.js";
import { isUniqueViolation } from "../../store/db-errors.js";
import { findLatestIntake, type IntakeVersion, saveIntake } from "../../store/intake.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { legacyAuthorizePatientAccess, type PatientAccess } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import { patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import { intakeResponse } from "../schemas/patient.js";
import type { Api } from "./api.js";

export function registerIntakeRoutes(api: Api, ctx: AppContext): void {
  const tags = ["intake and plans"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/patients/:id/intake",
    {
      schema: {
        tags,
        security,
        summary: "The patient's latest intake",
        params: patientParams,
        response: { 200: intakeResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id);
      await auditPatientData(ctx.store.db, access, "intake.read", ctx.now());
      const intake = await findLatestIntake(ctx.store.db, access.patient.id);
      if (!intake) throw new DomainError("not_found", "No intake saved yet.");
      return responseOf(intake);
    },
  );

  api.put(
    "/api/v1/patients/:id/intake",
    {
      schema: {
        tags,
        security,
        summary:
          "Save the patient's intake (concerns, medications, recent procedures, conditions) as a new version",
        params: patientParams,
        body: intakeSchema,
        response: { 200: intakeResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const access = await legacyAuthorizePatientAccess(request, ctx, request.params.id);
      const intake: Intake = request.body;
      assertNoFutureDays(intake, dayOfInstant(ctx.clock.now(), access.patient.timeZone));
      return responseOf(await saveNextVersion(ctx, access, intake));
    },
  );
}

async function saveNextVersion(
  ctx: AppContext,
  access: PatientAccess,
  intake: Intake,
): Promise<IntakeVersion> {
  const at = ctx.now();
  const save = () =>
    withWriteTransaction(ctx.store, async (trx) => {
      const saved = await saveIntake(trx, access.patient.id, intake, at);
      await auditPatientData(trx, access, "intake.write", at, { version: saved.version });
      return saved;
    });
  try {
    return await save();
  } catch (error) {
    // Two saves raced for the same version number (PostgreSQL): the loser takes the next one.
    if (!isUniqueViolation(error)) throw error;
    return save();
  }
}

/** Things that already happened cannot be dated after today (in the patient's zone). */
function assertNoFutureDays(intake: Intake, today: string): void {
  const fields = futureDayProblems(intake, today, "today");
  if (fields.length > 0)
    throw new DomainError("invalid_input", "The intake has days in the future.", { fields });
}

function responseOf(intake: IntakeVersion) {
  return {
    patientId: intake.patientId,
    version: intake.version,
    createdAt: intake.createdAt,
    intake: intake.data,
  };
}
