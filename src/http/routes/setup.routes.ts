import { z } from "zod";
import { getFirstRunStatus, setUpFirstClinic } from "../../services/clinic/onboarding.service.js";
import type { AppContext } from "../app-context.js";
import { setSessionCookie } from "../auth/session-cookie.js";
import { meResponse } from "../schemas/account.js";
import { setupBody, setupStatusResponse } from "../schemas/clinic-profile.js";
import { problems } from "../schemas/common.js";
import type { Api } from "./api.js";
import { meOf } from "./auth.routes.js";

/**
 * First-run set-up, for the web app's first-run page: open only while the server holds no clinic
 * (a production server starts empty: there is no demo clinic). Once any clinic exists, from this
 * route or from `regimen clinic create`, the POST answers 409 forever.
 */
export function registerSetupRoutes(api: Api, ctx: AppContext): void {
  api.get(
    "/api/v1/setup",
    {
      schema: {
        operationId: "getSetupStatus",
        tags: ["setup"],
        summary: "Whether first-run set-up is still open, else the clinic the public pages open on",
        security: [],
        querystring: z.strictObject({}),
        response: { 200: setupStatusResponse, ...problems(400) },
      },
    },
    async () => getFirstRunStatus(ctx.accounts),
  );

  api.post(
    "/api/v1/setup",
    {
      config: { rateLimit: { max: ctx.authPolicy.publicFormsPerMinute, timeWindow: 60_000 } },
      schema: {
        operationId: "setUpFirstClinic",
        tags: ["setup"],
        summary: "Create the first clinic and its admin, and sign the admin in (only while no clinic exists)",
        description:
          "Open while the server holds no clinic; answers 409 once any clinic exists. The clinic " +
          "starts with the default protocol and booking policy; its admin then adds services, " +
          "providers and rooms. Two calls at once create one clinic: the other gets the 409.",
        security: [],
        body: setupBody,
        response: { 201: meResponse, ...problems(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const signedIn = await setUpFirstClinic(ctx.accounts, request.body);
      setSessionCookie(request, reply, signedIn.session.token, signedIn.session.expiresAt);
      return reply.code(201).send(meOf(signedIn));
    },
  );
}
