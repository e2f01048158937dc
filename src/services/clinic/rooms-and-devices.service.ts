import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Device, Room } from "../../domain/clinic/types.js";
import { DomainError } from "../../domain/errors.js";
import {
  createDevice,
  type DeviceChanges,
  findDeviceById,
  listDevices,
  type NewDevice,
  updateDevice,
} from "../../store/device.repository.js";
import {
  createRoom,
  findRoomById,
  listRooms,
  type NewRoom,
  type RoomChanges,
  updateRoom,
} from "../../store/room.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { auditSetupChange } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

/** The principal's clinic's rooms, active or not, by name. */
export async function listClinicRooms(deps: ServiceDeps, principal: SessionPrincipal): Promise<Room[]> {
  return listRooms(deps.store.db, principal.clinicId);
}

export async function addRoom(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  input: Omit<NewRoom, "clinicId">,
): Promise<Room> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const room = await createRoom(trx, { ...input, clinicId: principal.clinicId });
    await auditSetupChange(trx, principal, "room.create", at, { type: "room", id: room.id });
    return room;
  });
}

/** Renames or (de)activates one of the principal's clinic's rooms. */
export async function changeRoom(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  roomId: string,
  changes: RoomChanges,
): Promise<Room> {
  const { clinicId } = principal;
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const found = await updateRoom(trx, clinicId, roomId, changes);
    const room = found ? await findRoomById(trx, clinicId, roomId) : undefined;
    if (!room) throw new DomainError("not_found", "No such room.");
    await auditSetupChange(
      trx,
      principal,
      "room.update",
      at,
      { type: "room", id: roomId },
      {
        fields: Object.keys(changes).sort(),
      },
    );
    return room;
  });
}

/** The principal's clinic's devices, active or not, by name. */
export async function listClinicDevices(deps: ServiceDeps, principal: SessionPrincipal): Promise<Device[]> {
  return listDevices(deps.store.db, principal.clinicId);
}

/** Adds a device; its kind is what services ask for (rf, centrifuge). */
export async function addDevice(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  input: Omit<NewDevice, "clinicId">,
): Promise<Device> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const device = await createDevice(trx, { ...input, clinicId: principal.clinicId });
    await auditSetupChange(
      trx,
      principal,
      "device.create",
      at,
      { type: "device", id: device.id },
      {
        kind: device.kind,
      },
    );
    return device;
  });
}

/** Renames, re-kinds or (de)activates one of the principal's clinic's devices. */
export async function changeDevice(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  deviceId: string,
  changes: DeviceChanges,
): Promise<Device> {
  const { clinicId } = principal;
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const found = await updateDevice(trx, clinicId, deviceId, changes);
    const device = found ? await findDeviceById(trx, clinicId, deviceId) : undefined;
    if (!device) throw new DomainError("not_found", "No such device.");
    await auditSetupChange(
      trx,
      principal,
      "device.update",
      at,
      { type: "device", id: deviceId },
      {
        fields: Object.keys(changes).sort(),
      },
    );
    return device;
  });
}
