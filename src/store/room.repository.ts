import { randomUUID } from "node:crypto";
import type { Room, RoomKind } from "../domain/clinic/types.js";
import { fromDbBool, toDbBool } from "./codec.js";
import type { Executor, RoomRow } from "./schema.js";
import { bumpSetupRevision, updateSetupRow } from "./setup-revision.repository.js";

export interface NewRoom {
  clinicId: string;
  name: string;
  /** `treatment` unless said. */
  kind?: RoomKind;
  active?: boolean;
}

/** Bumps the clinic's setup revision too: call it inside a write transaction. */
export async function createRoom(db: Executor, input: NewRoom): Promise<Room> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    name: input.name,
    kind: input.kind ?? "treatment",
    active: toDbBool(input.active ?? true),
  };
  await bumpSetupRevision(db, input.clinicId);
  await db.insertInto("room").values(row).execute();
  return toRoom(row);
}

export interface RoomChanges {
  name?: string;
  kind?: RoomKind;
  active?: boolean;
}

/** False when the clinic has no such room. Bumps the setup revision: call it inside a write transaction. */
export async function updateRoom(
  db: Executor,
  clinicId: string,
  id: string,
  changes: RoomChanges,
): Promise<boolean> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.kind !== undefined && { kind: changes.kind }),
    ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
  };
  return updateSetupRow(db, "room", clinicId, id, set);
}

export async function findRoomById(db: Executor, clinicId: string, id: string): Promise<Room | undefined> {
  const row = await db
    .selectFrom("room")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toRoom(row);
}

export async function listRooms(
  db: Executor,
  clinicId: string,
  options: { activeOnly?: boolean } = {},
): Promise<Room[]> {
  let query = db.selectFrom("room").selectAll().where("clinic_id", "=", clinicId);
  if (options.activeOnly) query = query.where("active", "=", toDbBool(true));
  const rows = await query.orderBy("name").orderBy("id").execute();
  return rows.map(toRoom);
}

function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    name: row.name,
    kind: row.kind as RoomKind,
    active: fromDbBool(row.active),
  };
}
