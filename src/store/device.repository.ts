import { randomUUID } from "node:crypto";
import type { Device, DeviceKind } from "../domain/clinic/types.js";
import { fromDbBool, toDbBool } from "./codec.js";
import type { DeviceRow, Executor } from "./schema.js";
import { bumpSetupRevision, updateSetupRow } from "./setup-revision.repository.js";

export interface NewDevice {
  clinicId: string;
  name: string;
  kind: DeviceKind;
  active?: boolean;
}

/** Bumps the clinic's setup revision too: call it inside a write transaction. */
export async function createDevice(db: Executor, input: NewDevice): Promise<Device> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    name: input.name,
    kind: input.kind,
    active: toDbBool(input.active ?? true),
  };
  await bumpSetupRevision(db, input.clinicId);
  await db.insertInto("device").values(row).execute();
  return toDevice(row);
}

export interface DeviceChanges {
  name?: string;
  kind?: DeviceKind;
  active?: boolean;
}

/** False when the clinic has no such device. Bumps the setup revision: call it inside a write transaction. */
export async function updateDevice(
  db: Executor,
  clinicId: string,
  id: string,
  changes: DeviceChanges,
): Promise<boolean> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.kind !== undefined && { kind: changes.kind }),
    ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
  };
  return updateSetupRow(db, "device", clinicId, id, set);
}

export async function findDeviceById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<Device | undefined> {
  const row = await db
    .selectFrom("device")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toDevice(row);
}

/** By name, then id. */
export async function listDevices(
  db: Executor,
  clinicId: string,
  options: { activeOnly?: boolean } = {},
): Promise<Device[]> {
  let query = db.selectFrom("device").selectAll().where("clinic_id", "=", clinicId);
  if (options.activeOnly) query = query.where("active", "=", toDbBool(true));
  const rows = await query.orderBy("name").orderBy("id").execute();
  return rows.map(toDevice);
}

function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    name: row.name,
    kind: row.kind,
    active: fromDbBool(row.active),
  };
}
