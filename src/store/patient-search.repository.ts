import { sql } from "kysely";
import type { Patient } from "../domain/clinic/types.js";
import { toPatient } from "./patient.repository.js";
import type { Executor } from "./schema.js";

export interface PatientSearch {
  clinicId: string;
  /** Matched anywhere in the name or email, case-insensitively; all patients when absent. */
  q?: string;
  limit: number;
  offset: number;
}

/** The clinic's patients by name, optionally filtered; `lower(...) like` behaves alike on both dialects. */
export async function searchPatients(db: Executor, search: PatientSearch): Promise<Patient[]> {
  let query = db.selectFrom("patient").selectAll().where("clinic_id", "=", search.clinicId);
  if (search.q !== undefined && search.q !== "") {
    const pattern = `%${escapeLike(search.q.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(name) like ${pattern} escape '\\'`,
        sql<boolean>`lower(coalesce(email, '')) like ${pattern} escape '\\'`,
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
