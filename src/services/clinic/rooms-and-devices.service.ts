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
import { listServices } from "../../store/service.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
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
  return withWriteTransaction(deps.store, (trx) =>
    createRoom(trx, { ...input, clinicId: principal.clinicId }),
  );
}

/**
 * Renames, re-kinds, retires or reactivates one of the principal's clinic's rooms. Retiring it
 * while live bookings hold it, or changing its kind to one the service of such a booking may not
 * use, is a `conflict` listing them.
 */
export async function changeRoom(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  roomId: string,
  changes: RoomChanges,
): Promise<Room> {
  const { clinicId } = principal;
  return withWriteTransaction(deps.store, async (trx) => {
    const before = await findRoomById(trx, clinicId, roomId);
    if (!before) throw noSuchRoom();
    // The change first: it bumps the setup revision, which on PostgreSQL queues other setup writes
    // of the clinic behind this one; a refusal below rolls it back.
    await updateRoom(trx, clinicId, roomId, changes);
    const retiring = before.active && changes.active === false;
    const rekinded = changes.kind !== undefined && changes.kind !== before.kind;
    if (retiring || rekinded) {
      const now = deps.clock.now().toString();
      let held = await listLiveBookingsHolding(trx, clinicId, roomId, now);
      if (!retiring && held.length > 0) {
        const services = await listServices(trx, clinicId);
        const allowsNewKind = new Set(
          services.filter((s) => changes.kind && s.roomKinds.includes(changes.kind)).map((s) => s.id),
        );
        held = held.filter((booking) => !allowsNewKind.has(booking.serviceId));
      }
      if (held.length > 0) {
        const what = retiring ? "retired" : `made a ${changes.kind} room`;
        throw refusedOverLiveBookings(
          `The room "${before.name}" cannot be ${what}: ${upcomingBookings(held.length)} still use it. Move or cancel them first.`,
          held,
        );
      }
    }
    const room = await findRoomById(trx, clinicId, roomId);
    if (!room) throw noSuchRoom();
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
  return withWriteTransaction(deps.store, (trx) =>
    createDevice(trx, { ...input, clinicId: principal.clinicId }),
  );
}

/**
 * Renames, re-kinds, retires or reactivates one of the principal's clinic's devices. Retiring or
 * re-kinding it while live bookings hold it (their services asked for its old kind) is a
 * `conflict` listing them.
 */
export async function changeDevice(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  deviceId: string,
  changes: DeviceChanges,
): Promise<Device> {
  const { clinicId } = principal;
  return withWriteTransaction(deps.store, async (trx) => {
    const before = await findDeviceById(trx, clinicId, deviceId);
    if (!before) throw noSuchDevice();
    await updateDevice(trx, clinicId, deviceId, changes);
    const retiring = before.active && changes.active === false;
    const rekinded = changes.kind !== undefined && changes.kind !== before.kind;
    if (retiring || rekinded) {
      const held = await listLiveBookingsHolding(trx, clinicId, deviceId, deps.clock.now().toString());
      if (held.length > 0) {
        const what = retiring ? "retired" : "given another kind";
        throw refusedOverLiveBookings(
          `The device "${before.name}" cannot be ${what}: ${upcomingBookings(held.length)} still use it. Move or cancel them first.`,
          held,
        );
      }
    }
    const device = await findDeviceById(trx, clinicId, deviceId);
    if (!device) throw noSuchDevice();
    return device;
  });
}

function noSuchRoom(): DomainError {
  return new DomainError("not_found", "No such room.");
}

function noSuchDevice(): DomainError {
  return new DomainError("not_found", "No such device.");
}
