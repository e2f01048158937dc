import { randomUUID } from "node:crypto";
import type { HoursException, Provider, Weekday, WorkingHours } from "../domain/clinic/types.js";
import { fromDbBool, fromDbInstant, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";
import type { Executor, HoursExceptionRow, ProviderRow, WorkingHoursRow } from "./schema.js";
import { bumpSetupRevision, bumpSetupRevisionOfProvider } from "./setup-revision.repository.js";

export interface NewProvider {
  clinicId: string;
  name: string;
  skills: string[];
  weeklyHours?: WorkingHours[];
  active?: boolean;
}

/** Inserts the provider and their week (two statements: use a transaction if that matters). */
export async function createProvider(db: Executor, input: NewProvider): Promise<Provider> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    name: input.name,
    skills: toDbJson(input.skills),
    active: toDbBool(input.active ?? true),
  };
  await db.insertInto("provider").values(row).execute();
  await bumpSetupRevision(db, input.clinicId);
  const weeklyHours = input.weeklyHours ?? [];
  if (weeklyHours.length > 0) await insertHours(db, row.id, weeklyHours);
  return toProvider(row, weeklyHours);
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

/** Replaces the provider's whole week (two statements: use a transaction). */
export async function replaceWorkingHours(
  db: Executor,
  providerId: string,
  hours: WorkingHours[],
): Promise<void> {
  await db.deleteFrom("working_hours").where("provider_id", "=", providerId).execute();
  if (hours.length > 0) await insertHours(db, providerId, hours);
  await bumpSetupRevisionOfProvider(db, providerId);
}

export interface NewHoursException {
  clinicId: string;
  providerId: string;
  kind: HoursException["kind"];
  startsAt: string;
  endsAt: string;
  note?: string | null;
}

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
  await db.insertInto("hours_exception").values(row).execute();
  await bumpSetupRevision(db, input.clinicId);
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

export async function deleteHoursException(db: Executor, clinicId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom("hours_exception")
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) return false;
  await bumpSetupRevision(db, clinicId);
  return true;
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
