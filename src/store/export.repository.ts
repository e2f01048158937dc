import { fromDbBool, fromDbInstant, fromDbJson } from "./codec.js";
import type { Executor } from "./schema.js";

/** What a clinic export holds, one CSV file each. */
export const EXPORT_TABLES = ["patients", "intakes", "plans", "bookings", "audit"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

type Kind = "text" | "number" | "instant" | "json" | "bool";

/** Columns of each exported table, in file order, with how each is decoded. */
export const EXPORT_COLUMNS: Readonly<Record<ExportTable, ReadonlyArray<readonly [string, Kind]>>> = {
  patients: [
    ["id", "text"],
    ["name", "text"],
    ["email", "text"],
    ["phone", "text"],
    ["time_zone", "text"],
    ["created_at", "instant"],
  ],
  intakes: [
    ["id", "text"],
    ["patient_id", "text"],
    ["version", "number"],
    ["data", "json"],
    ["created_at", "instant"],
    ["pending_removals", "json"],
    ["confirmed_by", "text"],
    ["confirmed_at", "instant"],
  ],
  plans: [
    ["id", "text"],
    ["patient_id", "text"],
    ["protocol_version", "text"],
    ["intake_version", "number"],
    ["status", "text"],
    ["data", "json"],
    ["overrides", "json"],
    ["created_at", "instant"],
    ["accepted_by", "text"],
    ["accepted_at", "instant"],
  ],
  bookings: [
    ["id", "text"],
    ["patient_id", "text"],
    ["service_id", "text"],
    ["provider_id", "text"],
    ["room_id", "text"],
    ["device_ids", "json"],
    ["starts_at", "instant"],
    ["ends_at", "instant"],
    ["status", "text"],
    ["series_id", "text"],
    ["series_number", "number"],
    ["plan_id", "text"],
    ["late_cancel", "bool"],
    ["created_at", "instant"],
    ["updated_at", "instant"],
    ["attention_reason", "text"],
    ["attention_detail", "text"],
    ["attention_flagged_at", "instant"],
    ["attention_flagged_by", "text"],
  ],
  audit: [
    ["id", "text"],
    ["at", "instant"],
    ["actor_id", "text"],
    ["actor_name", "text"],
    ["actor_role", "text"],
    ["patient_id", "text"],
    ["action", "text"],
    ["target_type", "text"],
    ["target_id", "text"],
    ["reason", "text"],
    ["detail", "json"],
  ],
};

export type ExportValue = string | number | boolean | null | { [key: string]: unknown } | unknown[];
export type ExportRow = Record<string, ExportValue>;

/** Rows per query: an export streams page by page and never holds a whole table. */
const PAGE = 500;

/**
 * The clinic's rows of one table (or one patient's, with `patientId`), decoded, in id order, a
 * page at a time (keyset paging: each page starts after the last id of the one before).
 */
export async function* exportRows(
  db: Executor,
  table: ExportTable,
  scope: { clinicId: string; patientId?: string },
): AsyncGenerator<ExportRow> {
  let after = "";
  for (;;) {
    const rows = await page(db, table, scope, after);
    for (const row of rows) yield decode(table, row);
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return;
    after = String(last.id);
  }
}

async function page(
  db: Executor,
  table: ExportTable,
  scope: { clinicId: string; patientId?: string },
  after: string,
): Promise<Record<string, unknown>[]> {
  const { clinicId, patientId } = scope;
  switch (table) {
    case "patients": {
      let query = db
        .selectFrom("patient")
        .selectAll()
        .where("clinic_id", "=", clinicId)
        .where("id", ">", after);
      if (patientId !== undefined) query = query.where("id", "=", patientId);
      return query.orderBy("id").limit(PAGE).execute();
    }
    case "intakes": {
      let query = db
        .selectFrom("intake_version")
        .innerJoin("patient", "patient.id", "intake_version.patient_id")
        .selectAll("intake_version")
        .where("patient.clinic_id", "=", clinicId)
        .where("intake_version.id", ">", after);
      if (patientId !== undefined) query = query.where("intake_version.patient_id", "=", patientId);
      return query.orderBy("intake_version.id").limit(PAGE).execute();
    }
    case "plans": {
      let query = db
        .selectFrom("plan")
        .innerJoin("patient", "patient.id", "plan.patient_id")
        .selectAll("plan")
        .where("patient.clinic_id", "=", clinicId)
        .where("plan.id", ">", after);
      if (patientId !== undefined) query = query.where("plan.patient_id", "=", patientId);
      return query.orderBy("plan.id").limit(PAGE).execute();
    }
    case "bookings": {
      let query = db
        .selectFrom("booking")
        .selectAll()
        .where("clinic_id", "=", clinicId)
        .where("id", ">", after);
      if (patientId !== undefined) query = query.where("patient_id", "=", patientId);
      return query.orderBy("id").limit(PAGE).execute();
    }
    case "audit": {
      let query = db
        .selectFrom("audit_log")
        .selectAll()
        .where("clinic_id", "=", clinicId)
        .where("id", ">", after);
      if (patientId !== undefined) query = query.where("patient_id", "=", patientId);
      return query.orderBy("id").limit(PAGE).execute();
    }
  }
}

/** How many rows `exportRows` will yield for a clinic's table: for progress, read before the export. */
export async function countExportRows(db: Executor, table: ExportTable, clinicId: string): Promise<number> {
  let row: { n: string | number | bigint } | undefined;
  switch (table) {
    case "patients":
      row = await db
        .selectFrom("patient")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("clinic_id", "=", clinicId)
        .executeTakeFirst();
      break;
    case "intakes":
      row = await db
        .selectFrom("intake_version")
        .innerJoin("patient", "patient.id", "intake_version.patient_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("patient.clinic_id", "=", clinicId)
        .executeTakeFirst();
      break;
    case "plans":
      row = await db
        .selectFrom("plan")
        .innerJoin("patient", "patient.id", "plan.patient_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("patient.clinic_id", "=", clinicId)
        .executeTakeFirst();
      break;
    case "bookings":
      row = await db
        .selectFrom("booking")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("clinic_id", "=", clinicId)
        .executeTakeFirst();
      break;
    case "audit":
      row = await db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("clinic_id", "=", clinicId)
        .executeTakeFirst();
      break;
  }
  return Number(row?.n ?? 0);
}

function decode(table: ExportTable, row: Record<string, unknown>): ExportRow {
  const out: ExportRow = {};
  for (const [column, kind] of EXPORT_COLUMNS[table]) {
    const value = row[column];
    if (value === null || value === undefined) {
      out[column] = null;
      continue;
    }
    switch (kind) {
      case "instant":
        out[column] = fromDbInstant(value as string);
        break;
      case "json":
        out[column] = fromDbJson<ExportValue>(value);
        break;
      case "bool":
        out[column] = fromDbBool(value as 0 | 1 | boolean);
        break;
      case "number":
        out[column] = Number(value);
        break;
      default:
        out[column] = String(value);
    }
  }
  return out;
}
