import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { ProductKind, RoutineTime } from "../domain/protocol/codes.js";
import { fromDbBool, fromDbInstant, fromDbJson, toDbBool, toDbInstant, toDbJson } from "./codec.js";
import type { ClinicProductRow, Executor, PatientRoutineRow } from "./schema.js";
import { bumpSetupRevision, updateSetupRow } from "./setup-revision.repository.js";

export interface ClinicProduct {
  id: string;
  clinicId: string;
  name: string;
  kind: ProductKind;
  /** A retired product stays readable in the routines that name it, but is not assigned anew. */
  active: boolean;
  createdAt: string;
}

export interface NewProduct {
  clinicId: string;
  name: string;
  kind: ProductKind;
  createdAt: string;
}

/** Bumps the clinic's setup revision too: call it inside a write transaction. */
export async function createProduct(db: Executor, input: NewProduct): Promise<ClinicProduct> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    name: input.name,
    kind: input.kind,
    active: toDbBool(true),
    created_at: toDbInstant(input.createdAt),
  };
  await bumpSetupRevision(db, input.clinicId);
  await db.insertInto("clinic_product").values(row).execute();
  return toProduct(row);
}

export interface ProductChanges {
  name?: string;
  kind?: ProductKind;
  active?: boolean;
}

/** False when the clinic has no such product. Bumps the setup revision: call it inside a write transaction. */
export async function updateProduct(
  db: Executor,
  clinicId: string,
  id: string,
  changes: ProductChanges,
): Promise<boolean> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.kind !== undefined && { kind: changes.kind }),
    ...(changes.active !== undefined && { active: toDbBool(changes.active) }),
  };
  return updateSetupRow(db, "clinic_product", clinicId, id, set);
}

export async function findProductById(
  db: Executor,
  clinicId: string,
  id: string,
): Promise<ClinicProduct | undefined> {
  const row = await db
    .selectFrom("clinic_product")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toProduct(row);
}

/** The clinic's products by name, retired ones too (a routine may still name them). */
export async function listProducts(db: Executor, clinicId: string): Promise<ClinicProduct[]> {
  const rows = await db
    .selectFrom("clinic_product")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map(toProduct);
}

/**
 * The kinds of the products in a patient's routine, each catalog product with its current kind;
 * an empty list without a routine. What the booking rules need, in two small reads at most.
 */
export async function findPatientRoutineKinds(db: Executor, patientId: string): Promise<ProductKind[]> {
  const routine = await findPatientRoutine(db, patientId);
  if (!routine) return [];
  const ids = routine.items.flatMap((i) => (i.productId === null ? [] : [i.productId]));
  const rows =
    ids.length === 0
      ? []
      : await db.selectFrom("clinic_product").select(["id", "kind"]).where("id", "in", ids).execute();
  return routineKindsOf(routine.items, rows);
}

/** Each item's kind: a catalog product's current one (from `products`), else the kind stored with it. */
export function routineKindsOf(
  items: readonly StoredRoutineItem[],
  products: readonly { id: string; kind: string }[],
): ProductKind[] {
  const kindOf = new Map(products.map((r) => [r.id, r.kind as ProductKind]));
  return items.map((i) => (i.productId !== null && kindOf.get(i.productId)) || i.kind);
}

/**
 * PostgreSQL only (it reads into the jsonb items): the id and kind of every catalog product the
 * patient's routine names, for a statement that nests `findPatientRoutineKinds`'s two reads.
 */
export function routineProductKindsQuery(db: Executor, patientId: string) {
  return db
    .selectFrom("clinic_product")
    .select(["id", "kind"])
    .where("id", "in", routineProductIds(db, patientId));
}

/**
 * PostgreSQL only (it reads into the jsonb items): the clinic's catalog products that the
 * patient's routine names, for a statement that nests the routine's reads.
 */
export function routineCatalogQuery(db: Executor, patientId: string, clinicId: string) {
  return db
    .selectFrom("clinic_product")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("id", "in", routineProductIds(db, patientId));
}

/** PostgreSQL only: the catalog product ids the patient's routine names. */
function routineProductIds(db: Executor, patientId: string) {
  return db
    .selectFrom("patient_routine")
    .select(sql<string>`jsonb_array_elements(items) ->> 'productId'`.as("product_id"))
    .where("patient_id", "=", patientId);
}

export function toProduct(row: ClinicProductRow): ClinicProduct {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    name: row.name,
    kind: row.kind as ProductKind,
    active: fromDbBool(row.active),
    createdAt: fromDbInstant(row.created_at),
  };
}

/** One product of a patient's routine as stored: a kind, or a catalog product (with its kind then). */
export interface StoredRoutineItem {
  kind: ProductKind;
  productId: string | null;
  times: RoutineTime[];
}

export interface PatientRoutine {
  patientId: string;
  items: StoredRoutineItem[];
  assignedBy: string;
  assignedAt: string;
}

/** Replaces the patient's routine whole (one row per patient). */
export async function savePatientRoutine(db: Executor, routine: PatientRoutine): Promise<void> {
  const values = {
    items: toDbJson(routine.items),
    assigned_by: routine.assignedBy,
    assigned_at: toDbInstant(routine.assignedAt),
  };
  await db
    .insertInto("patient_routine")
    .values({ patient_id: routine.patientId, ...values })
    .onConflict((oc) => oc.column("patient_id").doUpdateSet(values))
    .execute();
}

export async function findPatientRoutine(
  db: Executor,
  patientId: string,
): Promise<PatientRoutine | undefined> {
  const row = await patientRoutineQuery(db, patientId).executeTakeFirst();
  return row && toPatientRoutine(row);
}

/** The read behind `findPatientRoutine`, for a statement that nests it (see patient-records.repository.ts). */
export function patientRoutineQuery(db: Executor, patientId: string) {
  return db.selectFrom("patient_routine").selectAll().where("patient_id", "=", patientId);
}

export function toPatientRoutine(row: PatientRoutineRow): PatientRoutine {
  return {
    patientId: row.patient_id,
    items: fromDbJson<StoredRoutineItem[]>(row.items),
    assignedBy: row.assigned_by,
    assignedAt: fromDbInstant(row.assigned_at),
  };
}
