import { randomUUID } from "node:crypto";
import type { Patient } from "../domain/clinic/types.js";
import { toDbInstant } from "./codec.js";
import type { Executor, PatientRow } from "./schema.js";

export interface NewPatient {
  clinicId: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  timeZone: string;
  createdAt: string;
}

export async function createPatient(db: Executor, input: NewPatient): Promise<Patient> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    time_zone: input.timeZone,
    created_at: toDbInstant(input.createdAt),
  };
  await db.insertInto("patient").values(row).execute();
  return toPatient(row);
}

export async function findPatientById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<Patient | undefined> {
  const row = await db
    .selectFrom("patient")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toPatient(row);
}

export async function listPatients(db: Executor, clinicId: string): Promise<Patient[]> {
  const rows = await db
    .selectFrom("patient")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map(toPatient);
}

/** The clinic's patients among `ids` (others' ids are ignored), for lists that name them. */
export async function findPatientsByIds(
  db: Executor,
  clinicId: string,
  ids: readonly string[],
): Promise<Patient[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("patient")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "in", [...new Set(ids)])
    .execute();
  return rows.map(toPatient);
}

export function toPatient(row: PatientRow): Patient {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    timeZone: row.time_zone,
  };
}
