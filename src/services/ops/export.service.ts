import { PassThrough, Readable } from "node:stream";
import { ZipFile } from "yazl";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Clinic } from "../../domain/clinic/types.js";
import { findClinicById, findClinicBySlug } from "../../store/clinic.repository.js";
import {
  countExportRows,
  EXPORT_COLUMNS,
  EXPORT_TABLES,
  type ExportRow,
  type ExportTable,
  exportRows,
} from "../../store/export.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess, noSuchClinic } from "../access.js";
import { auditCommandLineChange, auditPatientData, auditStaffAction } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

export interface ClinicExport {
  filename: string;
  /** The zip, produced as it is read: rows are fetched a page at a time while it streams. */
  stream: Readable;
}

/**
 * The whole clinic as a zip for its admin: one CSV per table (patients, intakes, plans, bookings,
 * audit) and `clinic.json` with the clinic's profile and what the files hold. Nothing is built in
 * memory: each CSV is written row by row as the client reads. The export is audited before the
 * first byte goes out, so even a download cut short is on record.
 */
export async function exportClinicAs(deps: ServiceDeps, admin: SessionPrincipal): Promise<ClinicExport> {
  const clinic = await findClinicById(deps.store.db, admin.clinicId);
  if (!clinic) throw noSuchClinic();
  return clinicExport(deps, clinic, (trx, at) =>
    auditStaffAction(trx, admin, "clinic.export", at, { tables: [...EXPORT_TABLES] }),
  );
}

/**
 * The same export for the operator on the server's command line (`regimen export`), audited as
 * the command line's; `onRow` is told of each row written, against the total counted first.
 */
export async function exportClinicFromCommandLine(
  deps: ServiceDeps,
  slug: string,
  onRow?: (done: number, total: number) => void,
): Promise<ClinicExport & { rows: number }> {
  const clinic = await findClinicBySlug(deps.store.db, slug);
  if (!clinic) throw noSuchClinic();
  let total = 0;
  for (const table of EXPORT_TABLES) total += await countExportRows(deps.store.db, table, clinic.id);
  let done = 0;
  const result = await clinicExport(
    deps,
    clinic,
    (trx, at) =>
      auditCommandLineChange(
        trx,
        clinic.id,
        "clinic.export",
        at,
        { type: "clinic", id: clinic.id },
        {
          tables: [...EXPORT_TABLES],
        },
      ),
    () => onRow?.(++done, total),
  );
  return { ...result, rows: total };
}

async function clinicExport(
  deps: ServiceDeps,
  clinic: Clinic,
  audit: (trx: Executor, at: string) => Promise<void>,
  onRow?: () => void,
): Promise<ClinicExport> {
  const exportedAt = deps.clock.now().toString();
  await withWriteTransaction(deps.store, (trx) => audit(trx, exportedAt));

  const zip = new ZipFile();
  const mtime = new Date(deps.clock.now().epochMilliseconds);
  const about = {
    format: "regimen-clinic-export/1",
    exportedAt,
    clinic,
    files: Object.fromEntries(
      EXPORT_TABLES.map((table) => [`${table}.csv`, EXPORT_COLUMNS[table].map(([column]) => column)]),
    ),
    notes:
      "Instants are ISO 8601 in UTC; JSON columns hold JSON text; empty cells are null. Rows are read page by page while the file is written, so a clinic that keeps working during the export may show changes made meanwhile.",
  };
  zip.addBuffer(Buffer.from(`${JSON.stringify(about, null, 2)}\n`), "clinic.json", { mtime });
  for (const table of EXPORT_TABLES) {
    const rows = exportRows(deps.store.db, table, { clinicId: clinic.id });
    zip.addReadStream(Readable.from(csvLines(table, rows, onRow)), `${table}.csv`, { mtime });
  }
  zip.end();
  // A failing query mid-stream must end the download with an error, not leave the client waiting.
  const output = new PassThrough();
  zip.on("error", (error: Error) => output.destroy(error));
  zip.outputStream.on("error", (error: Error) => output.destroy(error));
  zip.outputStream.pipe(output);
  return { filename: `${clinic.slug}-export-${exportedAt.slice(0, 10)}.zip`, stream: output };
}

async function* csvLines(
  table: ExportTable,
  rows: AsyncIterable<ExportRow>,
  onRow?: () => void,
): AsyncGenerator<string> {
  const columns = EXPORT_COLUMNS[table].map(([column]) => column);
  yield `${columns.join(",")}\r\n`;
  for await (const row of rows) {
    onRow?.();
    yield `${columns.map((column) => csvCell(row[column] ?? null)).join(",")}\r\n`;
  }
}

/**
 * RFC 4180 quoting; a cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a
 * leading apostrophe, since names and notes come from patients.
 */
function csvCell(value: ExportRow[string]): string {
  if (value === null) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface PatientRecordExport {
  exportedAt: string;
  patient: ExportRow;
  intakes: ExportRow[];
  plans: ExportRow[];
  bookings: ExportRow[];
}

/**
 * A patient's own record, whole, as JSON (profile, every intake version, plans, bookings): what a
 * patient may ask their clinic for. Staff of the clinic may fetch it too; their read is audited.
 */
export async function exportPatientRecordAs(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<PatientRecordExport> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  const scope = { clinicId: principal.clinicId, patientId: access.patient.id };
  const all = async (table: ExportTable) => {
    const rows: ExportRow[] = [];
    for await (const row of exportRows(deps.store.db, table, scope)) rows.push(camelCased(row));
    return rows;
  };
  const [patient] = await all("patients");
  const record = {
    exportedAt: deps.clock.now().toString(),
    patient: patient ?? {},
    intakes: await all("intakes"),
    plans: await all("plans"),
    bookings: await all("bookings"),
  };
  await withWriteTransaction(deps.store, (trx) =>
    auditPatientData(trx, access, "patient.export", record.exportedAt, {
      intakes: record.intakes.length,
      plans: record.plans.length,
      bookings: record.bookings.length,
    }),
  );
  return record;
}

function camelCased(row: ExportRow): ExportRow {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}
