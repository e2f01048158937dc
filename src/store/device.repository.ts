import { randomUUID } from "node:crypto";
import type { Device, DeviceKind } from "../domain/clinic/types.js";
import { fromDbBool, toDbBool } from "./codec.js";
import type { DeviceRow, Executor } from "./schema.js";
import { bumpSetupRevision } from "./setup-revision.repository.js";

export interface NewDevice {
  clinicId: string;
  name: string;
  kind: DeviceKind;
  active?: boolean;
}

export async function createDevice(db: Executor, input: NewDevice): Promise<Device> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    name: input.name,
    kind: input.kind,
    active: toDbBool(input.active ?? true),
  };
  await db.insertInto("device").values(row).execute();
  await bumpSetupRevision(db, input.clinicId);
  return toDevice(row);
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

export async function listDevices(
  db: Executor,
  clinicId: string,
  options: { activeOnly?: boolean; kind?: DeviceKind } = {},
): Promise<Device[]> {
  let query = db.selectFrom("device").selectAll().where("clinic_id", "=", clinicId);
  if (options.activeOnly) query = query.where("active", "=", toDbBool(true));
  if (options.kind !== undefined) query = query.where("kind", "=", options.kind);
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
