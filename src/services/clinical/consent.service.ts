import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import type { Service } from "../../domain/clinic/types.js";
import {
  type ConsentKind,
  type ConsentStanding,
  type ConsentTemplate,
  consentStanding,
  requiredConsentKinds,
  type SignedConsent,
} from "../../domain/clinical/consent.js";
import { DomainError } from "../../domain/errors.js";
import {
  findConsentTemplate,
  insertConsentTemplate,
  insertSignedConsent,
  listCurrentConsentTemplates,
  listSignedConsents,
} from "../../store/consent.repository.js";
import type { Executor } from "../../store/schema.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { authorizePatientAccess } from "../access.js";
import { auditPatientData, auditPatientWrite, auditSetupChange } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

/** The current version of each form, for anyone of the clinic (a patient reads what they will sign). */
export async function listConsentTemplates(
  deps: ServiceDeps,
  principal: SessionPrincipal,
): Promise<ConsentTemplate[]> {
  return Object.values(await listCurrentConsentTemplates(deps.store.db, principal.clinicId));
}

/**
 * Publishes the next version of a form (admins). Earlier versions stay as they were, and every
 * signature keeps pointing at the version it signed; patients are asked to sign the new one.
 */
export async function publishConsentTemplate(
  deps: ServiceDeps,
  admin: SessionPrincipal,
  input: { kind: ConsentKind; title: string; body: string },
): Promise<ConsentTemplate> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const current = await listCurrentConsentTemplates(trx, admin.clinicId);
    const template = await insertConsentTemplate(trx, {
      clinicId: admin.clinicId,
      kind: input.kind,
      version: current[input.kind].version + 1,
      title: input.title,
      body: input.body,
      publishedAt: at,
      publishedBy: admin.accountId,
    });
    await auditSetupChange(trx, admin, "consent_template.publish", at, {
      type: "consent_template",
      id: `${template.kind}:${template.version}`,
    });
    return template;
  });
}

export interface SignConsentRequest {
  kind: ConsentKind;
  version: number;
  typedName: string;
  /** As the HTTP edge saw the request. */
  ip: string;
  userAgent: string | null;
}

/**
 * The patient signs the current version of a form, in the portal, themself: staff cannot sign for
 * them (403). The time is the server's. Signing an older version than the current one is refused
 * (409), so a patient never signs words that have since changed.
 */
export async function signConsent(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
  request: SignConsentRequest,
): Promise<SignedConsent> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId, ["patient"]);
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const clinicId = access.patient.clinicId;
    const template = await findConsentTemplate(trx, clinicId, request.kind, request.version);
    if (!template)
      throw new DomainError(
        "invalid_input",
        `There is no version ${request.version} of the ${request.kind} consent.`,
        {
          fields: [{ path: "version", message: "names no published version of this consent" }],
        },
      );
    const current = await listCurrentConsentTemplates(trx, clinicId);
    if (current[request.kind].version !== request.version)
      throw new DomainError(
        "invalid_state",
        `Version ${request.version} of the ${request.kind} consent has been replaced by version ${current[request.kind].version}; read and sign that one.`,
        { currentVersion: current[request.kind].version },
      );
    const signed = await insertSignedConsent(trx, {
      clinicId,
      patientId: access.patient.id,
      kind: request.kind,
      templateVersion: request.version,
      typedName: request.typedName,
      signedAt: at,
      ip: request.ip,
      userAgent: request.userAgent,
    });
    await auditPatientWrite(trx, access, "consent.sign", at, {
      kind: signed.kind,
      version: signed.templateVersion,
    });
    return signed;
  });
}

export interface PatientConsents {
  consents: SignedConsent[];
  /** Where the patient stands on every form, against its current version. */
  standing: ConsentStanding[];
}

/** The patient's signatures and standing, for the patient or their clinic's staff (audited). */
export async function getPatientConsents(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  patientId: string,
): Promise<PatientConsents> {
  const access = await authorizePatientAccess(deps.store.db, principal, patientId);
  const db = deps.store.db;
  const [consents, current] = await Promise.all([
    listSignedConsents(db, access.patient.id),
    listCurrentConsentTemplates(db, access.patient.clinicId),
  ]);
  await auditPatientData(db, access, "consent.read", deps.clock.now().toString());
  return {
    consents,
    standing: consentStanding(["microneedling", "prp", "rf"], versionsOf(current), consents),
  };
}

export function versionsOf(templates: Record<ConsentKind, ConsentTemplate>): Record<ConsentKind, number> {
  return {
    microneedling: templates.microneedling.version,
    prp: templates.prp.version,
    rf: templates.rf.version,
  };
}

/**
 * Refuses to complete a treatment session whose forms the patient never signed (any version will
 * do here: the signature they gave before the session is what the session went ahead on).
 */
export async function requireConsentForSession(
  db: Executor,
  clinicId: string,
  patientId: string,
  service: Pick<Service, "isTreatment" | "addOn">,
): Promise<void> {
  const kinds = requiredConsentKinds(service);
  if (kinds.length === 0) return;
  const signed = await listSignedConsents(db, patientId);
  const current = await listCurrentConsentTemplates(db, clinicId);
  const missing = consentStanding(kinds, versionsOf(current), signed).filter((s) => s.status === "missing");
  if (missing.length > 0)
    throw new DomainError(
      "consent_missing",
      `The patient has not signed the ${missing.map((m) => m.kind).join(" and ")} consent; the session cannot be marked completed.`,
      { kinds: missing.map((m) => m.kind) },
    );
}
