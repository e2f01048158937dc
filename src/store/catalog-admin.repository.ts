import type { AddOnCode, DeviceKind } from "../domain/clinic/types.js";
import { toDbBool, toDbJson } from "./codec.js";
import type { Executor } from "./schema.js";
import { bumpSetupRevision } from "./setup-revision.repository.js";

/**
 * Partial updates of a clinic's providers, rooms, devices and services, for the admin screens.
 * They sit apart from the create/find functions only because those files were shipped first;
 * each returns false when the clinic has no such row (the caller answers 404).
 */

export interface ProviderChanges {
  name?: string;
  skills?: string[];
  active?: boolean;
}

export async function updateProvider(
  db: Executor,
  clinicId: string,
  id: string,
  changes: ProviderChanges,
): Promise<boolean> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.skills !== undefined && { skills: toDbJson(changes.skills) }),
    ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
  };
  return updateRow(db, "provider", clinicId, id, set);
}

export interface RoomChanges {
  name?: string;
  active?: boolean;
}

export async function updateRoom(db: Executor, clinicId: string, id: string, changes: RoomChanges) {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
  };
  return updateRow(db, "room", clinicId, id, set);
}

export interface DeviceChanges {
  name?: string;
  kind?: DeviceKind;
  active?: boolean;
}

export async function updateDevice(db: Executor, clinicId: string, id: string, changes: DeviceChanges) {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.kind !== undefined && { kind: changes.kind }),
    ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
  };
  return updateRow(db, "device", clinicId, id, set);
}

export interface ServiceChanges {
  name?: string;
  durationMinutes?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  needsRoom?: boolean;
  deviceKinds?: DeviceKind[];
  addOn?: AddOnCode | null;
  isTreatment?: boolean;
  active?: boolean;
}

export async function updateService(db: Executor, clinicId: string, id: string, changes: ServiceChanges) {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.durationMinutes !== undefined && { duration_minutes: changes.durationMinutes }),
    ...(changes.bufferBeforeMinutes !== undefined && { buffer_before_minutes: changes.bufferBeforeMinutes }),
    ...(changes.bufferAfterMinutes !== undefined && { buffer_after_minutes: changes.bufferAfterMinutes }),
    ...(changes.needsRoom !== undefined && { needs_room: toDbBool(changes.needsRoom) }),
    ...(changes.deviceKinds !== undefined && { device_kinds: toDbJson(changes.deviceKinds) }),
    ...(changes.addOn !== undefined && { add_on: changes.addOn }),
    ...(changes.isTreatment !== undefined && { is_treatment: toDbBool(changes.isTreatment) }),
    ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
  };
  return updateRow(db, "service", clinicId, id, set);
}

/** Deletes one of the provider's time-off / extra-hours entries; false when there is none. */
export async function deleteProviderHoursException(
  db: Executor,
  clinicId: string,
  providerId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("hours_exception")
    .where("clinic_id", "=", clinicId)
    .where("provider_id", "=", providerId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) return false;
  await bumpSetupRevision(db, clinicId);
  return true;
}

type CatalogTable = "provider" | "room" | "device" | "service";

async function updateRow(
  db: Executor,
  table: CatalogTable,
  clinicId: string,
  id: string,
  set: Record<string, unknown>,
): Promise<boolean> {
  if (Object.keys(set).length === 0) {
    const row = await db
      .selectFrom(table)
      .select("id")
      .where("clinic_id", "=", clinicId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row !== undefined;
  }
  const result = await db
    .updateTable(table)
    .set(set)
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await bumpSetupRevision(db, clinicId);
  return true;
}
