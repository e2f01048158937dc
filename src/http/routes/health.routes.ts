import { sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import type { Api } from "./api.js";

export function registerHealthRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/healthz",
    {
      schema: {
        operationId: "checkHealth",
        tags: ["system"],
        security: [],
        summary: "Liveness and database reachability",
        response: {
          200: z.strictObject({ status: z.literal("ok"), db: z.enum(["sqlite", "postgres"]) }),
        },
      },
    },
    async () => {
      // A failing query throws: the error handler answers 500 and logs it.
      await sql`select 1`.execute(ctx.store.db);
      return { status: "ok" as const, db: ctx.store.dialect };
    },
  );
}
