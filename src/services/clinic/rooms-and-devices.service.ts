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
import { listLiveBookingsHolding } from "../../store/hold.repository.js";
import {
  createRoom,
  findRoomById,
  listRooms,
  type NewRoom,
  type RoomChanges,
  updateRoom,
} from "../../store/room.repository.js";
import type { Executor } from "../../store/schema.js";
import { listServices } from "../../store/service.repository.js";
import { lockSetupForChange } from "../../store/setup-revision.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { auditSetupChange } from "../audit.js";
import {
  type ConflictOptions,
  findBookingsInvalidatedBy,
  settleSetupImpact,
} from "../booking/setup-impact.js";
import type { ServiceDeps } from "../service-deps.js";
import { refusedOverLiveBookings, upcomingBookings } from "./live-booking-refusal.js";

/*
 * Rooms and devices are retired (`active: false`), never deleted: bookings, past and future, name
 * them. A retired one is never offered again. Retiring one that live bookings still hold, or
 * changing its kind under them, is refused with those bookings (see live-booking-refusal.ts).
 */

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

/**
 * Renames, re-kinds, retires or reactivates one of the principal's clinic's rooms. Retiring a room
 * that live bookings hold is a conflict unless accepted (they are then flagged, never moved);
 * changing its kind to one the service of such a booking may not use is always a `conflict`.
 */
export async function changeRoom(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  roomId: string,
  changes: RoomChanges,
  options: ConflictOptions = {},
): Promise<Room> {
  const { clinicId } = principal;
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    // The setup lock first (see lockSetupForChange): "before" is then the last committed setup.
    await lockSetupForChange(trx, deps.store.dialect, clinicId);
    const before = await findRoomById(trx, clinicId, roomId);
    if (!before) throw noSuchRoom();
    await updateRoom(trx, clinicId, roomId, changes);
    const retiring = before.active && changes.active === false;
    // A retirement is settled below for every booking the room holds; a new kind only matters
    // to a room that stays in use.
    if (!retiring && changes.kind !== undefined && changes.kind !== before.kind) {
      const services = await listServices(trx, clinicId);
      const allowsNewKind = new Set(
        services.filter((s) => changes.kind && s.roomKinds.includes(changes.kind)).map((s) => s.id),
      );
      const held = (await listLiveBookingsHolding(trx, clinicId, roomId, deps.clock.now().toString())).filter(
        (booking) => !allowsNewKind.has(booking.serviceId),
      );
      if (held.length > 0) {
        throw refusedOverLiveBookings(
          `The room "${before.name}" cannot be made a ${changes.kind} room: ${upcomingBookings(held.length)} still use it. Move or cancel them first.`,
          held,
        );
      }
    }
    const room = await findRoomById(trx, clinicId, roomId);
    if (!room) throw noSuchRoom();
    if (retiring) {
      await settleRetirement(deps, trx, principal, { kind: "room_retired", roomId }, options);
    }
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

async function settleRetirement(
  deps: ServiceDeps,
  trx: Executor,
  principal: SessionPrincipal,
  change: { kind: "room_retired"; roomId: string } | { kind: "device_retired"; deviceId: string },
  options: ConflictOptions,
): Promise<void> {
  const now = deps.clock.now().toString();
  const impacted = await findBookingsInvalidatedBy(trx, {
    clinicId: principal.clinicId,
    change,
    now,
  });
  await settleSetupImpact(deps, trx, principal, impacted, {
    change: change.kind === "room_retired" ? "room.retire" : "device.retire",
    acceptConflicts: options.acceptConflicts === true,
    now,
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

/**
 * Renames, re-kinds, retires or reactivates one of the principal's clinic's devices. Retiring one
 * that live bookings hold is a conflict unless accepted (they are then flagged, never moved);
 * re-kinding it under them (their services asked for its old kind) is always a `conflict`.
 */
export async function changeDevice(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  deviceId: string,
  changes: DeviceChanges,
  options: ConflictOptions = {},
): Promise<Device> {
  const { clinicId } = principal;
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    // The setup lock first (see lockSetupForChange): "before" is then the last committed setup.
    await lockSetupForChange(trx, deps.store.dialect, clinicId);
    const before = await findDeviceById(trx, clinicId, deviceId);
    if (!before) throw noSuchDevice();
    await updateDevice(trx, clinicId, deviceId, changes);
    const retiring = before.active && changes.active === false;
    if (!retiring && changes.kind !== undefined && changes.kind !== before.kind) {
      const held = await listLiveBookingsHolding(trx, clinicId, deviceId, deps.clock.now().toString());
      if (held.length > 0) {
        throw refusedOverLiveBookings(
          `The device "${before.name}" cannot be given another kind: ${upcomingBookings(held.length)} still use it. Move or cancel them first.`,
          held,
        );
      }
    }
    const device = await findDeviceById(trx, clinicId, deviceId);
    if (!device) throw noSuchDevice();
    if (retiring) {
      await settleRetirement(deps, trx, principal, { kind: "device_retired", deviceId }, options);
    }
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

function noSuchRoom(): DomainError {
  return new DomainError("not_found", "No such room.");
}

function noSuchDevice(): DomainError {
  return new DomainError("not_found", "No such device.");
}
