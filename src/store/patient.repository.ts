import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Patient } from "../domain/clinic/types.js";
import { toDbInstant } from "./codec.js";
import type { DialectName } from "./database.js";
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

/**
 * Makes every other booking write for this patient wait until this transaction ends, so the
 * protocol's gate (washouts, the interval between sessions) always sees the other's result:
 * two bookings seven days apart cannot both pass it by reading the calendar at the same moment.
 * Call it first in the write, after only the idempotency key's lock (always in that order).
 * PostgreSQL: a row lock on the patient (READ COMMITTED then re-reads everything after it).
 * SQLite: `BEGIN IMMEDIATE` already lets one writer in at a time, so there is nothing to take.
 */
export async function lockPatientForBooking(
  db: Executor,
  dialect: DialectName,
  patientId: string,
): Promise<void> {
  if (dialect !== "postgres") return;
  await db.selectFrom("patient").select("id").where("id", "=", patientId).forUpdate().execute();
}

/** What a booking write reads first: the patient (if the clinic has them) and the clinic's setup revision. */
export interface BookingWriteStart {
  patient: Patient | undefined;
  /** Undefined when the patient is not the clinic's (the caller reads the revision itself then). */
  setupRevision: number | undefined;
}

/**
 * `lockPatientForBooking`, `lockSetupForBooking`, the patient's row and the clinic's setup revision
 * in one statement: on PostgreSQL one round trip instead of four. The locks are the same (the
 * patient's row for update, then the clinic's for share), and a row lock in READ COMMITTED hands
 * back the latest committed row, so the revision is read after the lock as it was before. No row
 * (no such patient in this clinic): no lock is taken, and the write ends with a not-found anyway.
 */
export async function startBookingWrite(
  db: Executor,
  dialect: DialectName,
  clinicId: string,
  patientId: string,
): Promise<BookingWriteStart> {
  const query = db
    .selectFrom("patient")
    .innerJoin("clinic", "clinic.id", "patient.clinic_id")
    .selectAll("patient")
    .select("clinic.setup_revision")
    .where("patient.clinic_id", "=", clinicId)
    .where("patient.id", "=", patientId);
  const row = await (dialect === "postgres"
    ? query.forUpdate(["patient"]).forShare(["clinic"])
    : query
  ).executeTakeFirst();
  if (row === undefined) return { patient: undefined, setupRevision: undefined };
  const { setup_revision, ...patient } = row;
  return { patient: toPatient(patient), setupRevision: Number(setup_revision) };
}

/** What a profile edit may change; absent fields keep their value. */
export interface PatientProfileChanges {
  name?: string;
  phone?: string | null;
  timeZone?: string;
}

/** Returns the patient as changed, or undefined when the clinic has no such patient. */
export async function updatePatientProfile(
  db: Executor,
  clinicId: string,
  id: string,
  changes: PatientProfileChanges,
): Promise<Patient | undefined> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.phone !== undefined && { phone: changes.phone }),
    ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
  };
  if (Object.keys(set).length > 0) {
    await db.updateTable("patient").set(set).where("clinic_id", "=", clinicId).where("id", "=", id).execute();
  }
  return findPatientById(db, clinicId, id);
}

export interface PatientSearch {
  clinicId: string;
  /**
   * Matched case-insensitively anywhere in the name or email; "Last, First" also matches a name
   * holding both parts; and text written like a phone number (digits and `+ ().-`, at least
   * `MIN_PHONE_DIGITS` digits) matches the phone's digits anywhere, formatting ignored on both sides.
   * All patients when absent.
   */
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** Fewer digits than this in a search text are not looked for in phone numbers (a street number, a year). */
export const MIN_PHONE_DIGITS = 4;

/**
 * The phone column with every character a phone number may be written with (see the request
 * schema: `+`, spaces, parentheses, dots, hyphens) removed: its digits alone, on both dialects.
 */
const phoneDigits = sql<string>`replace(replace(replace(replace(replace(replace(coalesce(phone, ''), '+', ''), ' ', ''), '(', ''), ')', ''), '.', ''), '-', '')`;

/** The clinic's patients by name, optionally filtered; `lower(...) like` behaves alike on both dialects. */
export async function searchPatients(db: Executor, search: PatientSearch): Promise<Patient[]> {
  let query = db.selectFrom("patient").selectAll().where("clinic_id", "=", search.clinicId);
  if (search.q !== undefined && search.q !== "") {
    const text = search.q.toLowerCase();
    const contains = (part: string) => `%${escapeLike(part)}%`;
    const pattern = contains(text);
    const nameHas = (p: string) => sql<boolean>`lower(name) like ${p} escape '\\'`;
    // "Last, First": both parts in the name, in any order ("First Middle Last" included).
    const [last, first] = text.split(",", 2).map((part) => part.trim());
    const digits = /^[0-9 +().-]+$/.test(text) ? text.replace(/\D/g, "") : "";
    query = query.where((eb) =>
      eb.or([
        nameHas(pattern),
        sql<boolean>`lower(coalesce(email, '')) like ${pattern} escape '\\'`,
        ...(last && first ? [eb.and([nameHas(contains(last)), nameHas(contains(first))])] : []),
        ...(digits.length >= MIN_PHONE_DIGITS ? [sql<boolean>`${phoneDigits} like ${contains(digits)}`] : []),
      ]),
    );
  }
  const rows = await query.orderBy("name").orderBy("id").limit(search.limit).offset(search.offset).execute();
  return rows.map(toPatient);
}

/** `%`, `_` and the escape character itself match literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
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

function toPatient(row: PatientRow): Patient {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    timeZone: row.time_zone,
  };
}
