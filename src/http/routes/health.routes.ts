import { z } from "zod";
import { checkReadiness } from "../../services/ops/readiness.service.js";
import type { AppContext } from "../app-context.js";
import { sendProblem } from "../error-handler.js";
import { problemOf } from "../problem.js";
import { problems } from "../schemas/common.js";
import type { Api } from "./api.js";

const checkResult = z.strictObject({ name: z.string(), ok: z.boolean(), detail: z.string().optional() });

export function registerHealthRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/healthz",
    {
      schema: {
        operationId: "checkHealth",
        tags: ["system"],
        security: [],
        summary: "Liveness: the process answers (and can reach its database)",
        response: {
          200: z.strictObject({ status: z.literal("ok"), db: z.enum(["sqlite", "postgres"]) }),
        },
      },
    },
    async () => {
      const { checks } = await checkReadiness(ctx.store, []);
      const database = checks.find((check) => check.name === "database");
      // A failing database is a 500 here; /readyz is the probe that reports it as "not ready".
      if (!database?.ok) throw new Error(`database unreachable: ${database?.detail ?? "unknown"}`);
      return { status: "ok" as const, db: ctx.store.dialect };
    },
  );

  api.get(
    "/readyz",
    {
      schema: {
        operationId: "checkReadiness",
        tags: ["system"],
        security: [],
        summary: "Readiness: the database answers, its migrations are current, and background workers run",
        description:
          "For load balancers and orchestrators: 200 when this instance should get traffic, 503 problem+json (with each check) when not.",
        response: {
          200: z.strictObject({ status: z.literal("ready"), checks: z.array(checkResult) }),
          ...problems(503),
        },
      },
    },
    async (request, reply) => {
      const { ready, checks } = await checkReadiness(ctx.store, ctx.readiness);
      if (ready) return { status: "ready" as const, checks };
      const failing = checks.filter((check) => !check.ok).map((check) => check.name);
      return sendProblem(
        reply,
        problemOf({
          code: "not_ready",
          detail: `Not ready: ${failing.join(", ")}.`,
          extensions: { checks },
          requestId: request.id,
        }),
      );
    },
  );
}
