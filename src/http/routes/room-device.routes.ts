import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  addDevice,
  addRoom,
  changeDevice,
  changeRoom,
  listClinicDevices,
  listClinicRooms,
} from "../../services/clinic/rooms-and-devices.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole } from "../auth/guards.js";
import {
  CONFLICT_NOTE,
  deviceChangesBody,
  deviceResponse,
  newDeviceBody,
  newRoomBody,
  roomChangesBody,
  roomResponse,
} from "../schemas/catalog.js";
import { clinicParams, id, problems, SIGNED_IN, slug } from "../schemas/common.js";
import type { Api } from "./api.js";

export function registerRoomAndDeviceRoutes(api: Api, ctx: AppContext): void {
  const tags = ["rooms and devices"];
  const security = SIGNED_IN;

  api.get(
    "/api/v1/clinics/:slug/rooms",
    {
      schema: {
        operationId: "listRooms",
        tags,
        security,
        summary: "Rooms (staff)",
        params: clinicParams,
        response: { 200: z.object({ rooms: z.array(roomResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      return { rooms: await listClinicRooms(serviceDepsFor(ctx, principal), principal) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/rooms",
    {
      schema: {
        operationId: "createRoom",
        tags,
        security,
        summary: "Add a room (admin); kind is treatment (the default) or consult",
        params: clinicParams,
        body: newRoomBody,
        response: { 201: roomResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      return reply.code(201).send(await addRoom(serviceDepsFor(ctx, principal), principal, request.body));
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/rooms/:roomId",
    {
      schema: {
        operationId: "updateRoom",
        tags,
        security,
        summary:
          "Rename, re-kind, retire (active: false) or reactivate a room (admin); rooms are never deleted",
        description: CONFLICT_NOTE,
        params: z.strictObject({ slug, roomId: id }),
        body: roomChangesBody,
        response: { 200: roomResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { acceptConflicts, ...changes } = request.body;
      const deps = serviceDepsFor(ctx, principal);
      return changeRoom(deps, principal, request.params.roomId, changes, { acceptConflicts });
    },
  );

  api.get(
    "/api/v1/clinics/:slug/devices",
    {
      schema: {
        operationId: "listDevices",
        tags,
        security,
        summary: "Devices (staff)",
        params: clinicParams,
        response: { 200: z.object({ devices: z.array(deviceResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      return { devices: await listClinicDevices(serviceDepsFor(ctx, principal), principal) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/devices",
    {
      schema: {
        operationId: "createDevice",
        tags,
        security,
        summary: "Add a device (admin); kind is what services ask for (rf, centrifuge)",
        params: clinicParams,
        body: newDeviceBody,
        response: { 201: deviceResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      return reply.code(201).send(await addDevice(serviceDepsFor(ctx, principal), principal, request.body));
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/devices/:deviceId",
    {
      schema: {
        operationId: "updateDevice",
        tags,
        security,
        summary:
          "Rename, re-kind, retire (active: false) or reactivate a device (admin); devices are never deleted",
        description: CONFLICT_NOTE,
        params: z.strictObject({ slug, deviceId: id }),
        body: deviceChangesBody,
        response: { 200: deviceResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const { acceptConflicts, ...changes } = request.body;
      const deps = serviceDepsFor(ctx, principal);
      return changeDevice(deps, principal, request.params.deviceId, changes, { acceptConflicts });
    },
  );
}
