import { PassThrough, Readable } from "node:stream";
import { ZipFile } from "yazl";
import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { findClinicById } from "../../store/clinic.repository.js";
import {
  EXPORT_COLUMNS,
  EXPORT_TABLES,
  type ExportRow,
  type ExportTable,
  exportRows,
} from "../../store/export.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess, noSuchClinic } from "../access.js";
import { auditPatientData, auditStaffAction } from "../audit.js";
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
  const exportedAt = deps.clock.now().toString();
  await withWriteTransaction(deps.store, (trx) =>
    auditStaffAction(trx, admin, "clinic.export", exportedAt, { tables: [...EXPORT_TABLES] }),
  );

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
    const csv = Readable.from(csvLines(table, exportRows(deps.store.db, table, { clinicId: clinic.id })));
    zip.addReadStream(csv, `${table}.csv`, { mtime });
  }
  zip.end();
  // A failing query mid-stream must end the download with an error, not leave the client waiting.
  const output = new PassThrough();
  zip.on("error", (error: Error) => output.destroy(error));
  zip.outputStream.on("error", (error: Error) => output.destroy(error));
  zip.outputStream.pipe(output);
  return { filename: `${clinic.slug}-export-${exportedAt.slice(0, 10)}.zip`, stream: output };
}

async function* csvLines(table: ExportTable, rows: AsyncIterable<ExportRow>): AsyncGenerator<string> {
  const columns = EXPORT_COLUMNS[table].map(([column]) => column);
  yield `${columns.join(",")}\r\n`;
  for await (const row of rows)
    yield `${columns.map((column) => csvCell(row[column] ?? null)).join(",")}\r\n`;
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
