import { randomUUID } from "node:crypto";
import type { HoursException, Provider, Weekday, WorkingHours } from "../domain/clinic/types.js";
import { fromDbBool, fromDbInstant, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";
import type { Executor, HoursExceptionRow, ProviderRow, WorkingHoursRow } from "./schema.js";
import { bumpSetupRevision, updateSetupRow } from "./setup-revision.repository.js";

export interface NewProvider {
  clinicId: string;
  name: string;
  skills: string[];
  weeklyHours?: WorkingHours[];
  active?: boolean;
}

/** Inserts the provider and their week and bumps the setup revision: call it inside a write transaction. */
export async function createProvider(db: Executor, input: NewProvider): Promise<Provider> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    name: input.name,
    skills: toDbJson(input.skills),
    active: toDbBool(input.active ?? true),
  };
  await bumpSetupRevision(db, input.clinicId);
  await db.insertInto("provider").values(row).execute();
  const weeklyHours = input.weeklyHours ?? [];
  if (weeklyHours.length > 0) await insertHours(db, row.id, weeklyHours);
  return toProvider(row, weeklyHours);
}

export interface ProviderChanges {
  name?: string;
  skills?: string[];
  active?: boolean;
}

/** False when the clinic has no such provider. Bumps the setup revision: call it inside a write transaction. */
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
  return updateSetupRow(db, "provider", clinicId, id, set);
}

export async function findProviderById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<Provider | undefined> {
  const row = await db
    .selectFrom("provider")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const hours = await db.selectFrom("working_hours").selectAll().where("provider_id", "=", id).execute();
  return toProvider(row, sortHours(hours.map(toWorkingHours)));
}

/** The clinic's providers with their weeks, in two queries. */
export async function listProviders(
  db: Executor,
  clinicId: string,
  options: { activeOnly?: boolean } = {},
): Promise<Provider[]> {
  let query = db.selectFrom("provider").selectAll().where("clinic_id", "=", clinicId);
  if (options.activeOnly) query = query.where("active", "=", toDbBool(true));
  const rows = await query.orderBy("name").orderBy("id").execute();
  if (rows.length === 0) return [];
  const hours = await db
    .selectFrom("working_hours")
    .innerJoin("provider", "provider.id", "working_hours.provider_id")
    .selectAll("working_hours")
    .where("provider.clinic_id", "=", clinicId)
    .execute();
  const byProvider = new Map<string, WorkingHours[]>();
  for (const hour of hours) {
    const list = byProvider.get(hour.provider_id) ?? [];
    list.push(toWorkingHours(hour));
    byProvider.set(hour.provider_id, list);
  }
  return rows.map((row) => toProvider(row, sortHours(byProvider.get(row.id) ?? [])));
}

/**
 * Replaces the whole week of one of the clinic's providers (the caller has checked that the
 * provider is the clinic's). Several statements and a setup revision bump: call it inside a
 * write transaction.
 */
export async function replaceWorkingHours(
  db: Executor,
  clinicId: string,
  providerId: string,
  hours: WorkingHours[],
): Promise<void> {
  await bumpSetupRevision(db, clinicId);
  await db.deleteFrom("working_hours").where("provider_id", "=", providerId).execute();
  if (hours.length > 0) await insertHours(db, providerId, hours);
}

export interface NewHoursException {
  clinicId: string;
  providerId: string;
  kind: HoursException["kind"];
  startsAt: string;
  endsAt: string;
  note?: string | null;
}

/** Bumps the clinic's setup revision too: call it inside a write transaction. */
export async function addHoursException(db: Executor, input: NewHoursException): Promise<HoursException> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    provider_id: input.providerId,
    kind: input.kind,
    starts_at: toDbInstant(input.startsAt),
    ends_at: toDbInstant(input.endsAt),
    note: input.note ?? null,
  };
  await bumpSetupRevision(db, input.clinicId);
  await db.insertInto("hours_exception").values(row).execute();
  return toHoursException(row);
}

/** Exceptions overlapping [from, to), for the whole clinic or one provider; by start. */
export async function listHoursExceptions(
  db: Executor,
  scope: { clinicId: string; providerId?: string },
  from: string,
  to: string,
): Promise<HoursException[]> {
  let query = db
    .selectFrom("hours_exception")
    .selectAll()
    .where("clinic_id", "=", scope.clinicId)
    .where("starts_at", "<", toDbInstant(to))
    .where("ends_at", ">", toDbInstant(from));
  if (scope.providerId !== undefined) query = query.where("provider_id", "=", scope.providerId);
  const rows = await query.orderBy("starts_at").orderBy("id").execute();
  return rows.map(toHoursException);
}

/**
 * Deletes one of the provider's time-off / extra-hours entries; false when the clinic's provider
 * has none by that id (the caller then throws, rolling the bump back). Bumps the setup revision:
 * call it inside a write transaction.
 */
export async function deleteHoursException(
  db: Executor,
  clinicId: string,
  providerId: string,
  id: string,
): Promise<boolean> {
  await bumpSetupRevision(db, clinicId);
  const result = await db
    .deleteFrom("hours_exception")
    .where("clinic_id", "=", clinicId)
    .where("provider_id", "=", providerId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

async function insertHours(db: Executor, providerId: string, hours: WorkingHours[]): Promise<void> {
  await db
    .insertInto("working_hours")
    .values(
      hours.map((h) => ({
        provider_id: providerId,
        weekday: h.weekday,
        start_time: h.startTime,
        end_time: h.endTime,
      })),
    )
    .execute();
}

function sortHours(hours: WorkingHours[]): WorkingHours[] {
  return hours.sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime));
}

function toWorkingHours(row: WorkingHoursRow): WorkingHours {
  return { weekday: row.weekday as Weekday, startTime: row.start_time, endTime: row.end_time };
}

function toProvider(row: ProviderRow, weeklyHours: WorkingHours[]): Provider {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    name: row.name,
    skills: fromDbJson<string[]>(row.skills),
    weeklyHours,
    active: fromDbBool(row.active),
  };
}

function toHoursException(row: HoursExceptionRow): HoursException {
  return {
    id: row.id,
    providerId: row.provider_id,
    kind: row.kind,
    startsAt: fromDbInstant(row.starts_at),
    endsAt: fromDbInstant(row.ends_at),
    note: row.note,
  };
}
