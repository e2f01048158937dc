import { randomUUID } from "node:crypto";
import type { WaitlistEntry } from "../domain/booking/types.js";
import { fromDbInstant, toDbInstant } from "./codec.js";
import type { Executor, WaitlistEntryRow } from "./schema.js";

export interface NewWaitlistEntry {
  clinicId: string;
  patientId: string;
  serviceId: string;
  providerId?: string | null;
  fromAt: string;
  toAt: string;
  createdAt: string;
}

export async function addWaitlistEntry(db: Executor, input: NewWaitlistEntry): Promise<WaitlistEntry> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    patient_id: input.patientId,
    service_id: input.serviceId,
    provider_id: input.providerId ?? null,
    from_at: toDbInstant(input.fromAt),
    to_at: toDbInstant(input.toAt),
    status: "waiting" as const,
    created_at: toDbInstant(input.createdAt),
  };
  await db.insertInto("waitlist_entry").values(row).execute();
  return toEntry(row);
}

/** The patient's entries still waiting, oldest first: what the per-patient waitlist cap counts. */
export async function listWaitingEntriesByPatient(
  db: Executor,
  clinicId: string,
  patientId: string,
): Promise<WaitlistEntry[]> {
  const rows = await db
    .selectFrom("waitlist_entry")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("patient_id", "=", patientId)
    .where("status", "=", "waiting")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toEntry);
}

/**
 * Serializes waitlist writes for one patient: a no-op update of the patient's row, which holds
 * its row lock until the transaction ends on PostgreSQL (SQLite's `BEGIN IMMEDIATE` already
 * serializes every writer). Two joins racing for one patient then count each other's entry, so
 * neither a duplicate nor a join past the cap slips through read committed.
 */
export async function serializeWaitlistWrites(db: Executor, patientId: string): Promise<void> {
  await db
    .updateTable("patient")
    .set((eb) => ({ id: eb.ref("id") }))
    .where("id", "=", patientId)
    .execute();
}

export interface FreedSlot {
  clinicId: string;
  serviceId: string;
  providerId: string;
  startsAt: string;
  endsAt: string;
  /** The patient who freed it: never offered their own time back. */
  freedBy?: string;
}

/** Where the previous page of `listWaitingEntriesForSlot` ended. */
export interface WaitlistCursor {
  createdAt: string;
  id: string;
}

/**
 * One page of the entries that would take a freed slot, longest-waiting first: same service,
 * waiting, the window contains [startsAt, endsAt), and it wants this provider or any provider.
 * `waitlist_entry_offer_scan` (clinic, service, status, from, to) narrows it to the entries whose
 * window holds the slot before any row is read, so the cost follows the page, not the waitlist.
 */
export async function listWaitingEntriesForSlot(
  db: Executor,
  slot: FreedSlot,
  page: { limit: number; after?: WaitlistCursor | undefined },
): Promise<WaitlistEntry[]> {
  const rows = await waitingEntriesForSlotQuery(db, slot, page).execute();
  return rows.map(toEntry);
}

/** The query behind `listWaitingEntriesForSlot`, unexecuted: tests read its plan. */
export function waitingEntriesForSlotQuery(
  db: Executor,
  slot: FreedSlot,
  page: { limit: number; after?: WaitlistCursor | undefined },
) {
  let query = db
    .selectFrom("waitlist_entry")
    .selectAll()
    .where("clinic_id", "=", slot.clinicId)
    .where("service_id", "=", slot.serviceId)
    .where("status", "=", "waiting")
    .where("from_at", "<=", toDbInstant(slot.startsAt))
    .where("to_at", ">=", toDbInstant(slot.endsAt))
    .where((eb) => eb.or([eb("provider_id", "is", null), eb("provider_id", "=", slot.providerId)]));
  if (slot.freedBy !== undefined) query = query.where("patient_id", "<>", slot.freedBy);
  const after = page.after;
  if (after !== undefined) {
    const createdAt = toDbInstant(after.createdAt);
    query = query.where((eb) =>
      eb.or([
        eb("created_at", ">", createdAt),
        eb.and([eb("created_at", "=", createdAt), eb("id", ">", after.id)]),
      ]),
    );
  }
  return query.orderBy("created_at").orderBy("id").limit(page.limit);
}

export async function findWaitlistEntryById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<WaitlistEntry | undefined> {
  const row = await db
    .selectFrom("waitlist_entry")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toEntry(row);
}

/** The clinic's entries in a status (default: waiting), oldest first. */
export async function listWaitlist(
  db: Executor,
  clinicId: string,
  status: WaitlistEntry["status"] = "waiting",
): Promise<WaitlistEntry[]> {
  const rows = await db
    .selectFrom("waitlist_entry")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("status", "=", status)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toEntry);
}

/**
 * Moves a waiting entry to `offered`. False when it was not waiting any more (another instance
 * offered it first), so a freed slot is offered to one patient once.
 */
export async function markWaitlistEntryOffered(db: Executor, clinicId: string, id: string): Promise<boolean> {
  return setStatus(db, clinicId, id, ["waiting"], "offered");
}

/** Closes an entry that is waiting or offered. False when there was nothing to close. */
export async function closeWaitlistEntry(db: Executor, clinicId: string, id: string): Promise<boolean> {
  return setStatus(db, clinicId, id, ["waiting", "offered"], "closed");
}

async function setStatus(
  db: Executor,
  clinicId: string,
  id: string,
  from: WaitlistEntry["status"][],
  to: WaitlistEntry["status"],
): Promise<boolean> {
  const result = await db
    .updateTable("waitlist_entry")
    .set({ status: to })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .where("status", "in", from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function toEntry(row: WaitlistEntryRow): WaitlistEntry {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    patientId: row.patient_id,
    serviceId: row.service_id,
    providerId: row.provider_id,
    fromAt: fromDbInstant(row.from_at),
    toAt: fromDbInstant(row.to_at),
    status: row.status,
    createdAt: fromDbInstant(row.created_at),
  };
}
