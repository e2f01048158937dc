import { randomUUID } from "node:crypto";
import type { WaitlistEntry } from "../domain/booking/types.js";
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from "./codec.js";
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
    offered_at: null,
    offer_starts_at: null,
    offer_ends_at: null,
    closed_at: null,
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

/** The freed slot an entry is offered, and when. */
export interface WaitlistOffer {
  startsAt: string;
  endsAt: string;
  at: string;
}

/**
 * Moves a waiting entry to `offered`, recording the slot and when. False when it was not waiting
 * any more (another instance offered it first), so a freed slot is offered to one patient once.
 */
export async function markWaitlistEntryOffered(
  db: Executor,
  clinicId: string,
  id: string,
  offer: WaitlistOffer,
): Promise<boolean> {
  const result = await db
    .updateTable("waitlist_entry")
    .set({
      status: "offered",
      offered_at: toDbInstant(offer.at),
      offer_starts_at: toDbInstant(offer.startsAt),
      offer_ends_at: toDbInstant(offer.endsAt),
    })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .where("status", "=", "waiting")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Closes an entry that is waiting or offered, at `at`. False when there was nothing to close. */
export async function closeWaitlistEntry(
  db: Executor,
  clinicId: string,
  id: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("waitlist_entry")
    .set({ status: "closed", closed_at: toDbInstant(at) })
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .where("status", "in", ["waiting", "offered"])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface WaitlistFilter {
  clinicId: string;
  serviceId?: string | undefined;
  /** Entries whose window overlaps [from, to). */
  from?: string | undefined;
  to?: string | undefined;
  status?: WaitlistEntry["status"] | undefined;
  limit: number;
  offset: number;
}

/** One page of the clinic's entries matching the filter, oldest first, and how many match in all. */
export async function searchWaitlist(
  db: Executor,
  filter: WaitlistFilter,
): Promise<{ entries: WaitlistEntry[]; total: number }> {
  let query = db.selectFrom("waitlist_entry").where("clinic_id", "=", filter.clinicId);
  if (filter.serviceId !== undefined) query = query.where("service_id", "=", filter.serviceId);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.to !== undefined) query = query.where("from_at", "<", toDbInstant(filter.to));
  if (filter.from !== undefined) query = query.where("to_at", ">", toDbInstant(filter.from));
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy("created_at").orderBy("id").limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number | string | bigint>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { entries: rows.map(toEntry), total: Number(count.n) };
}

/** The patient's entries, open or closed, newest first, at most `limit`. */
export async function listWaitlistEntriesByPatient(
  db: Executor,
  clinicId: string,
  patientId: string,
  limit: number,
): Promise<WaitlistEntry[]> {
  const rows = await db
    .selectFrom("waitlist_entry")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("patient_id", "=", patientId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toEntry);
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
    offeredAt: fromDbInstantOrNull(row.offered_at),
    offerStartsAt: fromDbInstantOrNull(row.offer_starts_at),
    offerEndsAt: fromDbInstantOrNull(row.offer_ends_at),
    closedAt: fromDbInstantOrNull(row.closed_at),
  };
}
