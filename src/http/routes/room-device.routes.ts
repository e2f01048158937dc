import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import { updateDevice, updateRoom } from "../../store/catalog-admin.repository.js";
import { createDevice, findDeviceById, listDevices } from "../../store/device.repository.js";
import { createRoom, findRoomById, listRooms } from "../../store/room.repository.js";
import { legacyRequireClinicRole, STAFF_ROLES } from "../auth/guards.js";
import type { AppContext } from "../deps.js";
import {
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
        tags,
        security,
        summary: "Rooms (staff)",
        params: clinicParams,
        response: { 200: z.object({ rooms: z.array(roomResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, STAFF_ROLES);
      return { rooms: await listRooms(ctx.store.db, clinic.id) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/rooms",
    {
      schema: {
        tags,
        security,
        summary: "Add a room (admin)",
        params: clinicParams,
        body: newRoomBody,
        response: { 201: roomResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      return reply.code(201).send(await createRoom(ctx.store.db, { clinicId: clinic.id, ...request.body }));
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/rooms/:roomId",
    {
      schema: {
        tags,
        security,
        summary: "Rename or (de)activate a room (admin)",
        params: z.strictObject({ slug, roomId: id }),
        body: roomChangesBody,
        response: { 200: roomResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      const { roomId } = request.params;
      const found = await updateRoom(ctx.store.db, clinic.id, roomId, request.body);
      const room = found ? await findRoomById(ctx.store.db, clinic.id, roomId) : undefined;
      if (!room) throw new DomainError("not_found", "No such room.");
      return room;
    },
  );

  api.get(
    "/api/v1/clinics/:slug/devices",
    {
      schema: {
        tags,
        security,
        summary: "Devices (staff)",
        params: clinicParams,
        response: { 200: z.object({ devices: z.array(deviceResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, STAFF_ROLES);
      return { devices: await listDevices(ctx.store.db, clinic.id) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/devices",
    {
      schema: {
        tags,
        security,
        summary: "Add a device (admin); kind is what services ask for (rf, centrifuge)",
        params: clinicParams,
        body: newDeviceBody,
        response: { 201: deviceResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      return reply.code(201).send(await createDevice(ctx.store.db, { clinicId: clinic.id, ...request.body }));
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/devices/:deviceId",
    {
      schema: {
        tags,
        security,
        summary: "Rename, re-kind or (de)activate a device (admin)",
        params: z.strictObject({ slug, deviceId: id }),
        body: deviceChangesBody,
        response: { 200: deviceResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { clinic } = await legacyRequireClinicRole(request, ctx, request.params.slug, ["admin"]);
      const { deviceId } = request.params;
      const found = await updateDevice(ctx.store.db, clinic.id, deviceId, request.body);
      const device = found ? await findDeviceById(ctx.store.db, clinic.id, deviceId) : undefined;
      if (!device) throw new DomainError("not_found", "No such device.");
      return device;
    },
  );
}
