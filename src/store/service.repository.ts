import { randomUUID } from "node:crypto";
import {
  type AddOnCode,
  type DeviceKind,
  ROOM_KINDS,
  type RoomKind,
  type Service,
} from "../domain/clinic/types.js";
import { DomainError } from "../domain/errors.js";
import { fromDbBool, fromDbJson, toDbBool, toDbJson } from "./codec.js";
import { isUniqueViolation } from "./db-errors.js";
import type { Executor, ServiceRow } from "./schema.js";
import { bumpSetupRevision, updateSetupRow } from "./setup-revision.repository.js";

export interface NewService {
  clinicId: string;
  code: string;
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  needsRoom?: boolean;
  /** Every kind unless said. */
  roomKinds?: RoomKind[];
  deviceKinds?: DeviceKind[];
  addOn?: AddOnCode | null;
  isTreatment?: boolean;
  active?: boolean;
}

/**
 * Bumps the clinic's setup revision too: call it inside a write transaction. A code the clinic
 * already uses is a `conflict` naming the `code` field.
 */
export async function createService(db: Executor, input: NewService): Promise<Service> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    code: input.code,
    name: input.name,
    duration_minutes: input.durationMinutes,
    buffer_before_minutes: input.bufferBeforeMinutes ?? 0,
    buffer_after_minutes: input.bufferAfterMinutes ?? 0,
    needs_room: toDbBool(input.needsRoom ?? false),
    room_kinds: toDbJson(input.roomKinds ?? [...ROOM_KINDS]),
    device_kinds: toDbJson(input.deviceKinds ?? []),
    add_on: input.addOn ?? null,
    is_treatment: toDbBool(input.isTreatment ?? true),
    active: toDbBool(input.active ?? true),
  };
  await bumpSetupRevision(db, input.clinicId);
  try {
    await db.insertInto("service").values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(input.code, error);
    throw error;
  }
  return toService(row);
}

function codeTaken(code: string, cause: unknown): DomainError {
  return new DomainError(
    "conflict",
    `The clinic already has a service "${code}".`,
    { fields: [{ path: "code", message: "is already used by another service" }] },
    { cause },
  );
}

/** What an admin may change; a service's code never changes (plans and bookings name it). */
export interface ServiceChanges {
  name?: string;
  durationMinutes?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  needsRoom?: boolean;
  /** Every kind unless said. */
  roomKinds?: RoomKind[];
  deviceKinds?: DeviceKind[];
  addOn?: AddOnCode | null;
  isTreatment?: boolean;
  active?: boolean;
}

/** False when the clinic has no such service. Bumps the setup revision: call it inside a write transaction. */
export async function updateService(
  db: Executor,
  clinicId: string,
  id: string,
  changes: ServiceChanges,
): Promise<boolean> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.durationMinutes !== undefined && { duration_minutes: changes.durationMinutes }),
    ...(changes.bufferBeforeMinutes !== undefined && { buffer_before_minutes: changes.bufferBeforeMinutes }),
    ...(changes.bufferAfterMinutes !== undefined && { buffer_after_minutes: changes.bufferAfterMinutes }),
    ...(changes.needsRoom !== undefined && { needs_room: toDbBool(changes.needsRoom) }),
    ...(changes.roomKinds !== undefined && { room_kinds: toDbJson(changes.roomKinds) }),
    ...(changes.deviceKinds !== undefined && { device_kinds: toDbJson(changes.deviceKinds) }),
    ...(changes.addOn !== undefined && { add_on: changes.addOn }),
    ...(changes.isTreatment !== undefined && { is_treatment: toDbBool(changes.isTreatment) }),
    ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
  };
  return updateSetupRow(db, "service", clinicId, id, set);
}

export async function findServiceById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<Service | undefined> {
  const row = await db
    .selectFrom("service")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toService(row);
}

/** By code. */
export async function listServices(
  db: Executor,
  clinicId: string,
  options: { activeOnly?: boolean } = {},
): Promise<Service[]> {
  let query = db.selectFrom("service").selectAll().where("clinic_id", "=", clinicId);
  if (options.activeOnly) query = query.where("active", "=", toDbBool(true));
  const rows = await query.orderBy("code").execute();
  return rows.map(toService);
}

function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    code: row.code,
    name: row.name,
    durationMinutes: row.duration_minutes,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    needsRoom: fromDbBool(row.needs_room),
    roomKinds: fromDbJson<RoomKind[]>(row.room_kinds),
    deviceKinds: fromDbJson<DeviceKind[]>(row.device_kinds),
    addOn: row.add_on,
    isTreatment: fromDbBool(row.is_treatment),
    active: fromDbBool(row.active),
  };
}
