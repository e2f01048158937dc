import { randomUUID } from "node:crypto";
import {
  CONSENT_KINDS,
  type ConsentKind,
  type ConsentTemplate,
  DEFAULT_CONSENT_TEMPLATES,
  type SignedConsent,
} from "../domain/clinical/consent.js";
import { DomainError } from "../domain/errors.js";
import { fromDbInstant, toDbInstant } from "./codec.js";
import { isUniqueViolation } from "./db-errors.js";
import type { Executor, PatientConsentRow } from "./schema.js";

/**
 * The latest version of each consent form the clinic has: its newest published row, else the
 * built-in version 1.
 */
export async function listCurrentConsentTemplates(
  db: Executor,
  clinicId: string,
): Promise<Record<ConsentKind, ConsentTemplate>> {
  const rows = await db
    .selectFrom("consent_template")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .orderBy("version", "desc")
    .execute();
  const current = { ...DEFAULT_CONSENT_TEMPLATES };
  for (const kind of CONSENT_KINDS) {
    const row = rows.find((r) => r.kind === kind);
    if (row) current[kind] = toTemplate(row);
  }
  return current;
}

/** One version of a form; version 1 is the built-in text unless the clinic stored one. */
export async function findConsentTemplate(
  db: Executor,
  clinicId: string,
  kind: ConsentKind,
  version: number,
): Promise<ConsentTemplate | undefined> {
  const row = await db
    .selectFrom("consent_template")
    .selectAll()
    .where("clinic_id", "=", clinicId)
    .where("kind", "=", kind)
    .where("version", "=", version)
    .executeTakeFirst();
  if (row) return toTemplate(row);
  return version === 1 ? DEFAULT_CONSENT_TEMPLATES[kind] : undefined;
}

export interface NewConsentTemplate {
  clinicId: string;
  kind: ConsentKind;
  version: number;
  title: string;
  body: string;
  publishedAt: string;
  publishedBy: string;
}

/** Inserts a version; a version that already exists (two admins publishing at once) is a conflict. */
export async function insertConsentTemplate(
  db: Executor,
  input: NewConsentTemplate,
): Promise<ConsentTemplate> {
  try {
    await db
      .insertInto("consent_template")
      .values({
        clinic_id: input.clinicId,
        kind: input.kind,
        version: input.version,
        title: input.title,
        body: input.body,
        published_at: toDbInstant(input.publishedAt),
        published_by: input.publishedBy,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError(
        "conflict",
        "That version was just published; publish again.",
        {},
        { cause: error },
      );
    throw error;
  }
  return {
    kind: input.kind,
    version: input.version,
    title: input.title,
    body: input.body,
    publishedAt: input.publishedAt,
  };
}

export interface NewSignedConsent extends Omit<SignedConsent, "id"> {
  clinicId: string;
}

export async function insertSignedConsent(db: Executor, input: NewSignedConsent): Promise<SignedConsent> {
  const row = {
    id: randomUUID(),
    clinic_id: input.clinicId,
    patient_id: input.patientId,
    kind: input.kind,
    template_version: input.templateVersion,
    typed_name: input.typedName,
    signed_at: toDbInstant(input.signedAt),
    ip: input.ip,
    user_agent: input.userAgent,
  };
  await db.insertInto("patient_consent").values(row).execute();
  return toSignedConsent(row);
}

/** The patient's signatures, oldest first. */
export async function listSignedConsents(db: Executor, patientId: string): Promise<SignedConsent[]> {
  const rows = await db
    .selectFrom("patient_consent")
    .selectAll()
    .where("patient_id", "=", patientId)
    .orderBy("signed_at")
    .orderBy("id")
    .execute();
  return rows.map(toSignedConsent);
}

/** The signatures of many patients at once (the readiness board), by patient. */
export async function listSignedConsentsOf(
  db: Executor,
  patientIds: readonly string[],
): Promise<Map<string, SignedConsent[]>> {
  const byPatient = new Map<string, SignedConsent[]>();
  if (patientIds.length === 0) return byPatient;
  const rows = await db
    .selectFrom("patient_consent")
    .selectAll()
    .where("patient_id", "in", [...patientIds])
    .orderBy("signed_at")
    .execute();
  for (const row of rows) {
    const list = byPatient.get(row.patient_id) ?? [];
    list.push(toSignedConsent(row));
    byPatient.set(row.patient_id, list);
  }
  return byPatient;
}

function toTemplate(row: {
  kind: string;
  version: number;
  title: string;
  body: string;
  published_at: string | Date;
}): ConsentTemplate {
  return {
    kind: row.kind as ConsentKind,
    version: Number(row.version),
    title: row.title,
    body: row.body,
    publishedAt: fromDbInstant(row.published_at),
  };
}

function toSignedConsent(row: PatientConsentRow): SignedConsent {
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind as ConsentKind,
    templateVersion: Number(row.template_version),
    typedName: row.typed_name,
    signedAt: fromDbInstant(row.signed_at),
    ip: row.ip,
    userAgent: row.user_agent,
  };
}
