import type { AppContext } from "../app-context.js";
import type { Api } from "./api.js";
import { registerAuditRoutes } from "./audit.routes.js";
import { registerAuthRoutes } from "./auth.routes.js";
import { registerBookingRoutes } from "./booking.routes.js";
import { registerClinicRoutes } from "./clinic.routes.js";
import { registerClosureRoutes } from "./closures.routes.js";
import { registerEducationRoutes } from "./education.routes.js";
import { registerHealthRoutes } from "./health.routes.js";
import { registerIntakeRoutes } from "./intake.routes.js";
import { registerPatientRoutes } from "./patient.routes.js";
import { registerPlanRoutes } from "./plan.routes.js";
import { registerProtocolRoutes } from "./protocol.routes.js";
import { registerProviderRoutes } from "./provider.routes.js";
import { registerRoomAndDeviceRoutes } from "./room-device.routes.js";
import { registerRoutineRoutes } from "./routine.routes.js";
import { registerScheduleRoutes } from "./schedule.routes.js";
import { registerSetupRoutes } from "./setup.routes.js";
import { registerStaffRoutes } from "./staff.routes.js";

/** Every route of the API; each area registers its own. */
export function registerRoutes(api: Api, ctx: AppContext): void {
  registerHealthRoutes(api, ctx);
  registerAuthRoutes(api, ctx);
  registerSetupRoutes(api, ctx);
  registerStaffRoutes(api, ctx);
  registerClinicRoutes(api, ctx);
  registerProviderRoutes(api, ctx);
  registerRoomAndDeviceRoutes(api, ctx);
  registerClosureRoutes(api, ctx);
  registerProtocolRoutes(api, ctx);
  registerEducationRoutes(api, ctx);
  registerPatientRoutes(api, ctx);
  registerIntakeRoutes(api, ctx);
  registerPlanRoutes(api, ctx);
  registerScheduleRoutes(api, ctx);
  registerBookingRoutes(api, ctx);
  registerAuditRoutes(api, ctx);
  registerRoutineRoutes(api, ctx);
}
