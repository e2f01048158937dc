import { randomUUID } from "node:crypto";
import type { AddOnCode, DeviceKind, Service } from "../domain/clinic/types.js";
import { fromDbBool, fromDbJson, toDbBool, toDbJson } from "./codec.js";
import type { Executor, ServiceRow } from "./schema.js";
import { bumpSetupRevision } from "./setup-revision.repository.js";

export interface NewService {
  clinicId: string;
  code: string;
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  needsRoom?: boolean;
  deviceKinds?: DeviceKind[];
  addOn?: AddOnCode | null;
  isTreatment?: boolean;
  active?: boolean;
}

/** A code already used in the clinic fails with a unique violation (`isUniqueViolation`). */
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
    device_kinds: toDbJson(input.deviceKinds ?? []),
    add_on: input.addOn ?? null,
    is_treatment: toDbBool(input.isTreatment ?? true),
    active: toDbBool(input.active ?? true),
  };
  await db.insertInto("service").values(row).execute();
  await bumpSetupRevision(db, input.clinicId);
  return toService(row);
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

export async function findServiceByCode(
  db: Executor,
  clinicId: string,
  code: string,
): Promise<Service | undefined> {
  const row = await db
    .selectFrom("service")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("code", "=", code)
    .executeTakeFirst();
  return row && toService(row);
}

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
    deviceKinds: fromDbJson<DeviceKind[]>(row.device_kinds),
    addOn: row.add_on,
    isTreatment: fromDbBool(row.is_treatment),
    active: fromDbBool(row.active),
  };
}
